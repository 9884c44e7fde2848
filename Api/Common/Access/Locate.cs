using GraphQL;
using KanbanCustomer.Api.Common;

namespace KanbanCustomer.Api.Common.Access;

/// <summary>The ways a root field names its board: directly, or through a card, column, swimlane, evidence, experiment, customer, insight, comment, webhook or webhook delivery id.</summary>
public static class Locate
{
    public static BoardLocator BoardArgument(string name = "id") => ctx => Board(ctx.GetArgument<string>(name) ?? "");

    public static BoardLocator CardArgument(string name = "id") => ctx => Card(ctx, ctx.GetArgument<string>(name) ?? "");

    public static BoardLocator BoardInput(string field = "boardId") => ctx => Board(new InputReader(ctx.Input()).Id(field));

    public static BoardLocator CardInput(string field = "cardId") => ctx => Card(ctx, new InputReader(ctx.Input()).Id(field));

    public static BoardLocator ColumnInput(string field = "columnId") => Through("Column", field, (w, raw, ct) => w.BoardOfColumnAsync(raw, ct));

    public static BoardLocator SwimlaneInput(string field = "swimlaneId") => Through("Swimlane", field, (w, raw, ct) => w.BoardOfSwimlaneAsync(raw, ct));

    public static BoardLocator EvidenceInput(string field = "evidenceId") => Through("Evidence", field, (w, raw, ct) => w.BoardOfEvidenceAsync(raw, ct));

    public static BoardLocator ExperimentInput(string field = "experimentId") => Through("Experiment", field, (w, raw, ct) => w.BoardOfExperimentAsync(raw, ct));

    public static BoardLocator InsightInput(string field = "insightId") => Through("Insight", field, (w, raw, ct) => w.BoardOfInsightAsync(raw, ct));
    public static BoardLocator CommentInput(string field = "commentId") => Through("Comment", field, (w, raw, ct) => w.BoardOfCommentAsync(raw, ct));

    public static BoardLocator CustomerInput(string field = "customerId") => Through("Customer", field, (w, raw, ct) => w.BoardOfCustomerAsync(raw, ct));

    public static BoardLocator WebhookInput(string field = "webhookId") => Through("Webhook", field, (w, raw, ct) => w.BoardOfWebhookAsync(raw, ct));

    public static BoardLocator WebhookDeliveryInput(string field = "deliveryId") =>
        Through("WebhookDelivery", field, (w, raw, ct) => w.BoardOfWebhookDeliveryAsync(raw, ct));

    /// <summary>The board of the object an input field names, found through the object's own table.</summary>
    private static BoardLocator Through(string what, string field, Func<BoardWrites, string, CancellationToken, Task<Guid>> boardOf) => async ctx =>
    {
        var raw = new InputReader(ctx.Input()).Id(field);
        return new LocatedBoard(await boardOf(ctx.Writes(), raw, ctx.CancellationToken), what, raw);
    };

    private static Task<LocatedBoard> Board(string raw) => Task.FromResult(new LocatedBoard(Ids.Parse(raw, "Board"), "Board", raw));

    private static async Task<LocatedBoard> Card(IResolveFieldContext ctx, string raw) =>
        new(await ctx.Writes().BoardOfCardAsync(raw, ctx.CancellationToken), "Card", raw);
}
