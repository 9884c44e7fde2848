using GraphQL.Types;
using KanbanCustomer.Api.Boards;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Api.Common.Reads;
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

        Field<NonNullGraphType<IdGraphType>>("id").Description("The card's id.").Resolve(ctx => Ids.Global("Card", ctx.Source.Id))
            .Reads(new GlobalIdRead("Card", nameof(Card.Id)));
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board the card is on.").Resolve(ctx => Ids.Global("Board", ctx.Source.BoardId))
            .Reads(new GlobalIdRead("Board", nameof(Card.BoardId)));
        Field<NonNullGraphType<ColumnType>>("column").Description("The column (stage) the card is in.")
            .Resolve(ctx => ctx.BoardLoaders().ColumnById.Load(ctx.Source.ColumnId))
            .Reads(new ReferenceRead(nameof(Card.ColumnId)));
        Field<NonNullGraphType<SwimlaneType>>("swimlane").Description("The swimlane (target group) the card is in.")
            .Resolve(ctx => ctx.BoardLoaders().SwimlaneById.Load(ctx.Source.SwimlaneId))
            .Reads(new ReferenceRead(nameof(Card.SwimlaneId)));
        Field(x => x.Rank).Description("Sort key within its column and swimlane; compare as plain (ordinal) strings.").Reads(new ColumnRead(nameof(Card.Rank)));
        Field(x => x.Title).Description("Short name of the problem.").Reads(new ColumnRead(nameof(Card.Title)));
        Field(x => x.ProblemStatement).Description("The problem in the customer's terms.").Reads(new ColumnRead(nameof(Card.ProblemStatement)));
        Field(x => x.CustomerKind, typeof(NonNullGraphType<CustomerKindType>)).Description("External customers or internal ones (employees).")
            .Reads(new ColumnRead(nameof(Card.CustomerKind)));
        Field(x => x.Impact).Description("How badly it hurts, 1 (mild) to 5 (severe).").Reads(new ColumnRead(nameof(Card.Impact)));
        Field(x => x.Reach).Description("How many customers have it: the team's estimate (customerCount is the measured figure).").Reads(new ColumnRead(nameof(Card.Reach)));
        Field(x => x.CustomerCount).Description("How many distinct customers its evidence names (measured).").Reads(new ColumnRead(nameof(Card.CustomerCount)));
        Field<NonNullGraphType<EvidenceCountsType>>("evidenceCounts").Description("Its evidence counted by proximity.")
            .Resolve(ctx => ctx.Source).Reads(new SameRowRead());
        Field(x => x.LastEvidenceAt, nullable: true).Description("When its newest evidence was recorded; null without evidence.")
            .Reads(new ColumnRead(nameof(Card.LastEvidenceAt)));
        Field<NonNullGraphType<CardScoreType>>("score").Description("Its problem score now, with the parts that make it.")
            .Resolve(ctx => CardScore.Of(ctx.Source, ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow()));
        Field(x => x.Tags, typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>)).Description("Free-form tags.")
            .Reads(new ColumnRead(nameof(Card.Tags)));
        Field(x => x.Assignees, typeof(NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>)).Description("User ids of the people working on it.")
            .Reads(new ColumnRead(nameof(Card.Assignees)));
        Field(x => x.ReporterId).Description("User id of whoever reported it.").Reads(new ColumnRead(nameof(Card.ReporterId)));
        Field(x => x.IsBlocked).Description("Work on it is blocked.").Reads(new ColumnRead(nameof(Card.IsBlocked)));
        Field(x => x.BlockedReason).Description("Why it is blocked; null when it is not.").Reads(new ColumnRead(nameof(Card.BlockedReason)));
        Field(x => x.IsArchived).Description("Archived cards are hidden from lists by default and can be restored.").Reads(new ColumnRead(nameof(Card.IsArchived)));
        Field(x => x.ArchivedAt).Description("When it was archived.");
        Field<CardType>("mergedInto").Description("The card this duplicate was merged into (it stays archived, and cannot be restored); null when not merged.")
            .Resolve(ctx => ctx.Source.MergedInto is { } target ? ctx.CardLoaders().CardById.Load(target) : null);
        Field(x => x.Version).Description("Changes with every edit; pass it as expectedVersion to refuse lost updates.").Reads(new ColumnRead(nameof(Card.Version)));
        Field(x => x.CreatedAt).Description("When it was reported.").Reads(new ColumnRead(nameof(Card.CreatedAt)));
        Field(x => x.UpdatedAt).Description("When it last changed.").Reads(new ColumnRead(nameof(Card.UpdatedAt)));
        Field(x => x.LastActivityAt).Description("Last real activity: edit, move, evidence, vote, block, experiment, comment.").Reads(new ColumnRead(nameof(Card.LastActivityAt)));
        Field(x => x.EnteredColumnAt).Description("When the card entered its current column.").Reads(new ColumnRead(nameof(Card.EnteredColumnAt)));
        Field<NonNullGraphType<DurationGraphType>>("timeInColumn").Description("How long the card has been in its current column.")
            .Resolve(ctx => ctx.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow() - ctx.Source.EnteredColumnAt);
        Field(x => x.IsStale).Description("Flagged by the stale scan: past its column's threshold without real activity.")
            .Reads(new HasValueRead(nameof(Card.StaleSince)));
        Field(x => x.StaleSince).Description("When the stale scan flagged it; null while it is not stale.").Reads(new ColumnRead(nameof(Card.StaleSince)));
        Field(x => x.SnoozedUntil).Description("The stale scan leaves it alone until then.").Reads(new ColumnRead(nameof(Card.SnoozedUntil)));
        Field<NonNullGraphType<EvidenceConnectionType>>("evidence").Description("What backs the problem, oldest first.")
            .PageArguments("pieces of evidence")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<Evidence, Guid>(ctx.Db().Evidence.AsNoTracking(), e => e.CardId, EvidenceOrder), e => e));
        Field<NonNullGraphType<ExperimentConnectionType>>("experiments").Description("Experiments tried against the problem, oldest first.")
            .PageArguments("experiments")
            .Resolve(ctx => ctx.Connections().Load(ctx, ctx.Source.Id,
                () => new ConnectionSpec<Experiment, Guid>(ctx.Db().Experiments.AsNoTracking(), e => e.CardId, ExperimentType.Order), e => e));
        Field<NonNullGraphType<IntGraphType>>("voteCount").Description("Votes cast; every member's vote weighs the same.")
            .Resolve(ctx => ctx.CardLoaders().VotesByCard.Load(ctx.Source.Id).Then(t => t.Count))
            .Reads(new CountRead(typeof(Vote), nameof(Vote.CardId)));
        Field<NonNullGraphType<BooleanGraphType>>("viewerHasVoted").Description("Whether the signed-in user voted for it.")
            .Resolve(ctx => ctx.CardLoaders().VotesByCard.Load(ctx.Source.Id).Then(t => t.ViewerHasVoted))
            .Reads(new ViewerHasRead(typeof(Vote), nameof(Vote.CardId), nameof(Vote.VoterId)));
        this.AddFieldsOf(features);
    }
}

public sealed class EvidenceType : ObjectGraphType<Evidence>
{
    public EvidenceType(IEnumerable<IObjectFields<Evidence>> features)
    {
        Name = "Evidence";
        Description = "What backs a problem: a quote, an observation, a metric or a link.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The evidence's id.").Resolve(ctx => Ids.Global("Evidence", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card it backs.").Resolve(ctx => Ids.Global("Card", ctx.Source.CardId));
        Field(x => x.Kind, typeof(NonNullGraphType<EvidenceKindType>)).Description("What sort of evidence it is.");
        Field(x => x.Content).Description("The quote, observation or metric, or the URL of a link.");
        Field(x => x.Source).Description("Where it comes from: a person, a ticket, a report.");
        Field(x => x.Proximity, typeof(NonNullGraphType<EvidenceProximityType>)).Description("How close to the customer it came from.");
        Field(x => x.RecordedBy).Description("User id of whoever recorded it.");
        Field(x => x.RecordedAt).Description("When it was recorded.");
        this.AddFieldsOf(features);
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

public sealed class EvidenceProximityType : EnumerationGraphType<EvidenceProximity>
{
    public EvidenceProximityType()
    {
        Name = "EvidenceProximity";
        Description = "How close to the customer a piece of evidence came from; the closer, the more it weighs in the problem score.";
    }
}
