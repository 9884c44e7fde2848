using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using Microsoft.EntityFrameworkCore;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Api.Cards;

public sealed class CardType : ObjectGraphType<Card>
{
    private static readonly Ordering<Evidence> EvidenceOrder = new([
        new(SortKey<Evidence>.Of("recordedAt", e => e.RecordedAt), false), new(SortKey<Evidence>.Of("id", e => e.Id), false)]);

    public CardType(IEnumerable<IObjectFields<Card>> features)
    {
        Name = "Card";
        Description = "One customer problem.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The card's id.").Resolve(ctx => Ids.Global("Card", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board the card is on.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId));
        Field<NonNullGraphType<ColumnType>>("column").Description("The column (stage) the card is in.")
            .Resolve(ctx => ctx.BoardLoaders().ColumnById.Load(ctx.Source.ColumnId));
        Field<NonNullGraphType<SwimlaneType>>("swimlane").Description("The swimlane (target group) the card is in.")
            .Resolve(ctx => ctx.BoardLoaders().SwimlaneById.Load(ctx.Source.SwimlaneId));
        Field<NonNullGraphType<StringGraphType>>("rank").Description("Sort key within its column and swimlane; compare as plain (ordinal) strings.").Resolve(ctx => ctx.Source.Rank);
        Field<NonNullGraphType<StringGraphType>>("title").Description("Short name of the problem.").Resolve(ctx => ctx.Source.Title);
        Field<NonNullGraphType<StringGraphType>>("problemStatement").Description("The problem in the customer's terms.").Resolve(ctx => ctx.Source.ProblemStatement);
        Field<NonNullGraphType<CustomerKindType>>("customerKind").Description("External customers or internal ones (employees).").Resolve(ctx => ctx.Source.CustomerKind);
        Field<NonNullGraphType<IntGraphType>>("impact").Description("How badly it hurts, 1 (mild) to 5 (severe).").Resolve(ctx => ctx.Source.Impact);
        Field<NonNullGraphType<IntGraphType>>("reach").Description("How many customers have it (an estimate).").Resolve(ctx => ctx.Source.Reach);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Free-form tags.").Resolve(ctx => ctx.Source.Tags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("assignees").Description("User ids of the people working on it.").Resolve(ctx => ctx.Source.Assignees);
        Field<NonNullGraphType<StringGraphType>>("reporterId").Description("User id of whoever reported it.").Resolve(ctx => ctx.Source.ReporterId);
        Field<NonNullGraphType<BooleanGraphType>>("isBlocked").Description("Work on it is blocked.").Resolve(ctx => ctx.Source.IsBlocked);
        Field<StringGraphType>("blockedReason").Description("Why it is blocked; null when it is not.").Resolve(ctx => ctx.Source.BlockedReason);
        Field<NonNullGraphType<BooleanGraphType>>("isArchived").Description("Archived cards are hidden from lists by default and can be restored.").Resolve(ctx => ctx.Source.IsArchived);
        Field<DateTimeOffsetGraphType>("archivedAt").Description("When it was archived.").Resolve(ctx => ctx.Source.ArchivedAt);
        Field<NonNullGraphType<IntGraphType>>("version").Description("Changes with every edit; pass it as expectedVersion to refuse lost updates.").Resolve(ctx => ctx.Source.Version);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Description("When it was reported.").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("updatedAt").Description("When it last changed.").Resolve(ctx => ctx.Source.UpdatedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("lastActivityAt").Description("Last real activity: edit, move, evidence, vote, block, experiment.").Resolve(ctx => ctx.Source.LastActivityAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("enteredColumnAt").Description("When the card entered its current column.").Resolve(ctx => ctx.Source.EnteredColumnAt);
        Field<NonNullGraphType<DurationGraphType>>("timeInColumn").Description("How long the card has been in its current column.")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow() - ctx.Source.EnteredColumnAt);
        Field<NonNullGraphType<BooleanGraphType>>("isStale").Description("Flagged by the stale scan: past its column's threshold without real activity.").Resolve(ctx => ctx.Source.IsStale);
        Field<DateTimeOffsetGraphType>("staleSince").Description("When the stale scan flagged it; null while it is not stale.").Resolve(ctx => ctx.Source.StaleSince);
        Field<DateTimeOffsetGraphType>("snoozedUntil").Description("The stale scan leaves it alone until then.").Resolve(ctx => ctx.Source.SnoozedUntil);
        Field<NonNullGraphType<EvidenceConnectionType>>("evidence").Description("What backs the problem, oldest first.")
            .PageArguments("pieces of evidence")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<Evidence, Guid>(ctx.Db().Evidence.AsNoTracking(), e => e.CardId, EvidenceOrder), e => e));
        Field<NonNullGraphType<ExperimentConnectionType>>("experiments").Description("Experiments tried against the problem, oldest first.")
            .PageArguments("experiments")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<Experiment, Guid>(ctx.Db().Experiments.AsNoTracking(), e => e.CardId, ExperimentType.Order), e => e));
        Field<NonNullGraphType<IntGraphType>>("voteCount").Description("Votes cast; every member's vote weighs the same.")
            .Resolve(ctx => ctx.CardLoaders().VotesByCard.Load(ctx.Source.Id).Then(t => t.Count));
        Field<NonNullGraphType<BooleanGraphType>>("viewerHasVoted").Description("Whether the signed-in user voted for it.")
            .Resolve(ctx => ctx.CardLoaders().VotesByCard.Load(ctx.Source.Id).Then(t => t.ViewerHasVoted));
        this.AddFieldsOf(features);
    }
}

public sealed class EvidenceType : ObjectGraphType<Evidence>
{
    public EvidenceType()
    {
        Name = "Evidence";
        Description = "What backs a problem: a quote, an observation, a metric or a link.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The evidence's id.").Resolve(ctx => Ids.Global("Evidence", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card it backs.").Resolve(ctx => Ids.Global("Card", ctx.Source.CardId));
        Field<NonNullGraphType<EvidenceKindType>>("kind").Description("What sort of evidence it is.").Resolve(ctx => ctx.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("content").Description("The quote, observation or metric, or the URL of a link.").Resolve(ctx => ctx.Source.Content);
        Field<NonNullGraphType<StringGraphType>>("source").Description("Where it comes from: a person, a ticket, a report.").Resolve(ctx => ctx.Source.Source);
        Field<NonNullGraphType<StringGraphType>>("recordedBy").Description("User id of whoever recorded it.").Resolve(ctx => ctx.Source.RecordedBy);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Description("When it was recorded.").Resolve(ctx => ctx.Source.RecordedAt);
    }
}

public sealed class EvidenceConnectionType() : ConnectionType<EvidenceType, EvidenceEdgeType, Evidence>("Evidence", "pieces of evidence");

public sealed class EvidenceEdgeType() : EdgeType<EvidenceType, Evidence>("Evidence");

public sealed class EvidenceKindType : EnumerationGraphType<EvidenceKind>
{
    public EvidenceKindType()
    {
        Name = "EvidenceKind";
        Description = "What sort of evidence backs a problem.";
    }
}
