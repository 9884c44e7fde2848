using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Common.Connections;
using KanbanCustomer.Domain.Cards;

namespace KanbanCustomer.Api.Cards;

public sealed class ExperimentType : ObjectGraphType<Experiment>
{
    public static readonly Ordering<Experiment> Order = new([
        new(SortKey<Experiment>.Of("createdAt", e => e.CreatedAt), false), new(SortKey<Experiment>.Of("id", e => e.Id), false)]);

    public ExperimentType()
    {
        Name = "Experiment";
        Description = "A hypothesis tried against a customer problem: how the team will know, where the trial stands, what it learned.";
        Interface<NodeInterface>();

        Field<NonNullGraphType<IdGraphType>>("id").Description("The experiment's id.").Resolve(ctx => Ids.Global("Experiment", ctx.Source.Id));
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card whose problem it tries to solve.").Resolve(ctx => Ids.Global("Card", ctx.Source.CardId));
        Field<NonNullGraphType<StringGraphType>>("hypothesis").Description("What the team believes will help.").Resolve(ctx => ctx.Source.Hypothesis);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("How the team will know: the signal or number that decides.").Resolve(ctx => ctx.Source.Measure);
        Field<NonNullGraphType<ExperimentStatusType>>("status").Description("Where the trial stands.").Resolve(ctx => ctx.Source.Status);
        Field<StringGraphType>("learning").Description("What the team learned; null until written. Every conclusion has one.")
            .Resolve(ctx => ctx.Source.Learning.Length == 0 ? null : ctx.Source.Learning);
        Field<NonNullGraphType<StringGraphType>>("createdBy").Description("User id of whoever planned it.").Resolve(ctx => ctx.Source.CreatedBy);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Description("When it was planned.").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("updatedAt").Description("When it last changed.").Resolve(ctx => ctx.Source.UpdatedAt);
        Field<DateTimeOffsetGraphType>("startedAt").Description("When it began running; null while planned.").Resolve(ctx => ctx.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("concludedAt").Description("When it was validated, invalidated or abandoned.").Resolve(ctx => ctx.Source.ConcludedAt);
    }
}

public sealed class ExperimentStatusType : EnumerationGraphType<ExperimentStatus>
{
    public ExperimentStatusType()
    {
        Name = "ExperimentStatus";
        Description = "PLANNED -> RUNNING -> VALIDATED or INVALIDATED; ABANDONED from PLANNED or RUNNING. The last three are final.";
    }
}

public sealed class ExperimentConnectionType() : ConnectionType<ExperimentType, ExperimentEdgeType, Experiment>("Experiment", "experiments");

public sealed class ExperimentEdgeType() : EdgeType<ExperimentType, Experiment>("Experiment");

public sealed record ExperimentPayload(Card Card, Experiment Experiment);

public sealed class ExperimentPayloadType : ObjectGraphType<ExperimentPayload>
{
    public ExperimentPayloadType()
    {
        Name = "ExperimentPayload";
        Description = "An experiment after the change, and its card.";
        Field<NonNullGraphType<ExperimentType>>("experiment").Description("The added or changed experiment.").Resolve(ctx => ctx.Source.Experiment);
        Field<NonNullGraphType<CardType>>("card").Description("The card after the change.").Resolve(ctx => ctx.Source.Card);
    }
}

public sealed record AddExperimentInput(string CardId, string Hypothesis, string Measure, int? ExpectedVersion) : ICardInput;

public sealed class AddExperimentInputType : InputObjectGraphType
{
    public AddExperimentInputType()
    {
        Name = "AddExperimentInput";
        Description = "An experiment to plan against a card's problem.";
        Field<NonNullGraphType<IdGraphType>>("cardId").Description("The card.");
        Field<NonNullGraphType<StringGraphType>>("hypothesis").Description($"What the team believes will help (1-{Experiment.HypothesisMaxLength} characters).");
        Field<NonNullGraphType<StringGraphType>>("measure").Description($"How the team will know (1-{Experiment.MeasureMaxLength} characters).");
        Field<IntGraphType>("expectedVersion").Description("The card's version; a different current version gives CONFLICT.");
    }
}

public sealed record UpdateExperimentInput(string ExperimentId, string? Hypothesis, string? Measure, ExperimentStatus? Status, string? Learning,
    int? ExpectedVersion);

public sealed class UpdateExperimentInputType : InputObjectGraphType
{
    public UpdateExperimentInputType()
    {
        Name = "UpdateExperimentInput";
        Description = "Changes to an experiment; an omitted (or null) field keeps its value.";
        Field<NonNullGraphType<IdGraphType>>("experimentId").Description("The experiment.");
        Field<StringGraphType>("hypothesis").Description("A new hypothesis; only before a conclusion.");
        Field<StringGraphType>("measure").Description("A new measure; only before a conclusion.");
        Field<ExperimentStatusType>("status").Description("The next status; a conclusion needs a learning (given here or already written).");
        Field<StringGraphType>("learning").Description($"What the team learned (at most {Experiment.LearningMaxLength} characters; an empty string clears it before a conclusion).");
        Field<IntGraphType>("expectedVersion").Description("The card's version; a different current version gives CONFLICT.");
    }
}
