using GraphQL;
using KanbanCustomer.Api.GraphQL;

namespace KanbanCustomer.Api.Access;

/// <summary>The ways a root field names its board: directly, or through a card, column, swimlane, evidence or webhook id.</summary>
public static class Locate
{
    public static BoardLocator BoardArgument(string name = "id") => ctx => Board(ctx.GetArgument<string>(name) ?? "");

    public static BoardLocator CardArgument(string name = "id") => ctx => Card(ctx, ctx.GetArgument<string>(name) ?? "");

    public static BoardLocator BoardInput(string field = "boardId") => ctx => Board(new InputReader(ctx.Input()).Id(field));

    public static BoardLocator CardInput(string field = "cardId") => ctx => Card(ctx, new InputReader(ctx.Input()).Id(field));

    public static BoardLocator ColumnInput(string field = "columnId") => async ctx =>
    {
        var raw = new InputReader(ctx.Input()).Id(field);
        return new LocatedBoard(await ctx.Writes().BoardOfColumnAsync(raw, ctx.CancellationToken), "Column", raw);
    };

    public static BoardLocator SwimlaneInput(string field = "swimlaneId") => async ctx =>
    {
        var raw = new InputReader(ctx.Input()).Id(field);
        return new LocatedBoard(await ctx.Writes().BoardOfSwimlaneAsync(raw, ctx.CancellationToken), "Swimlane", raw);
    };

    public static BoardLocator EvidenceInput(string field = "evidenceId") => async ctx =>
    {
        var raw = new InputReader(ctx.Input()).Id(field);
        return new LocatedBoard(await ctx.Writes().BoardOfEvidenceAsync(raw, ctx.CancellationToken), "Evidence", raw);
    };

    public static BoardLocator WebhookInput(string field = "webhookId") => async ctx =>
    {
        var raw = new InputReader(ctx.Input()).Id(field);
        return new LocatedBoard(await ctx.Writes().BoardOfWebhookAsync(raw, ctx.CancellationToken), "Webhook", raw);
    };

    private static Task<LocatedBoard> Board(string raw) => Task.FromResult(new LocatedBoard(Ids.Parse(raw, "Board"), "Board", raw));

    private static async Task<LocatedBoard> Card(IResolveFieldContext ctx, string raw) =>
        new(await ctx.Writes().BoardOfCardAsync(raw, ctx.CancellationToken), "Card", raw);
}
