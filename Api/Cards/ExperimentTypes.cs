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
        Field(x => x.Hypothesis).Description("What the team believes will help.");
        Field(x => x.Measure).Description("How the team will know: the signal or number that decides.");
        Field(x => x.Status, typeof(NonNullGraphType<ExperimentStatusType>)).Description("Where the trial stands.");
        Field<StringGraphType>("learning").Description("What the team learned; null until written. Every conclusion has one.")
            .Resolve(ctx => ctx.Source.Learning.Length == 0 ? null : ctx.Source.Learning);
        Field(x => x.CreatedBy).Description("User id of whoever planned it.");
        Field(x => x.CreatedAt).Description("When it was planned.");
        Field(x => x.UpdatedAt).Description("When it last changed.");
        Field(x => x.StartedAt).Description("When it began running; null while planned.");
        Field(x => x.ConcludedAt).Description("When it was validated, invalidated or abandoned.");
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
        Field(x => x.Experiment, typeof(NonNullGraphType<ExperimentType>)).Description("The added or changed experiment.");
        Field(x => x.Card, typeof(NonNullGraphType<CardType>)).Description("The card after the change.");
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
