using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Xunit;

namespace KanbanCustomer.Tests.Domain;

/// <summary>Experiments on a card: what they need, the order their statuses go in, and that working on one is activity.</summary>
public sealed class ExperimentTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Now.AddHours(2);

    private readonly Board _board = Board.Create("Support team", "user-1", Now);

    private Card NewCard()
    {
        var card = Card.Report(_board, _board.Columns[0], _board.Swimlanes[0], "i",
            new CardDetails("Checkout times out", "Customers give up paying.", CustomerKind.External, 4, 120, [], []), "user-1", Now);
        card.ClearChanges();
        return card;
    }

    private static Experiment Plan(Card card, DateTimeOffset? at = null) =>
        card.AddExperiment("If we cache the tax lookup, checkout answers within 5 s.", "p95 checkout time below 5 s for a week", "user-2", at ?? Now);

    [Fact]
    public void Planning_an_experiment_is_activity_and_records_ExperimentAdded()
    {
        var card = NewCard();

        var experiment = Plan(card, Later);

        Assert.Equal((ExperimentStatus.Planned, "", "user-2", Later), (experiment.Status, experiment.Learning, experiment.CreatedBy, experiment.CreatedAt));
        Assert.Equal((2, Later), (card.Version, card.LastActivityAt));
        var added = Assert.IsType<ExperimentAdded>(Assert.Single(card.Recorded()));
        Assert.Equal((card.Id, experiment.Id, experiment.Hypothesis, experiment.Measure), (added.CardId, added.ExperimentId, added.Hypothesis, added.Measure));
    }

    [Theory]
    [InlineData("", "a measure", "hypothesis")]
    [InlineData("a hypothesis", "  ", "measure")]
    [InlineData("a hypothesis\0", "a measure", "hypothesis")]
    public void An_experiment_needs_a_hypothesis_and_a_measure(string hypothesis, string measure, string field)
    {
        var card = NewCard();

        var error = Assert.Throws<DomainException>(() => card.AddExperiment(hypothesis, measure, "user-2", Now));

        Assert.Equal((ErrorCodes.Validation, field), (error.Code, error.Field));
        Assert.Empty(card.Experiments);
        Assert.Empty(card.Recorded());
    }

    [Fact]
    public void An_experiment_runs_then_concludes_with_its_learning_and_each_step_is_recorded()
    {
        var card = NewCard();
        var experiment = Plan(card);

        card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: ExperimentStatus.Running), Now.AddHours(1));
        card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: ExperimentStatus.Validated, Learning: "Caching halves the wait."), Later);

        Assert.Equal((ExperimentStatus.Validated, "Caching halves the wait."), (experiment.Status, experiment.Learning));
        Assert.Equal((Now.AddHours(1), Later, Later), (experiment.StartedAt, experiment.ConcludedAt, experiment.UpdatedAt));
        var updates = card.Recorded().OfType<ExperimentUpdated>().ToList();
        Assert.Equal([["status"], ["learning", "status"]], updates.Select(u => u.Fields.ToArray()));
        Assert.Equal([ExperimentStatus.Running, ExperimentStatus.Validated], updates.Select(u => u.Status));
        Assert.Equal("Caching halves the wait.", updates[1].Learning);
        Assert.Equal((4, Later), (card.Version, card.LastActivityAt));
    }

    [Theory]
    [InlineData(ExperimentStatus.Validated)]
    [InlineData(ExperimentStatus.Invalidated)]
    [InlineData(ExperimentStatus.Abandoned)]
    public void A_conclusion_without_a_learning_is_refused_and_changes_nothing(ExperimentStatus conclusion)
    {
        var card = NewCard();
        var experiment = Plan(card);
        card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: ExperimentStatus.Running), Now);
        var version = card.Version;

        var error = Assert.Throws<DomainException>(() =>
            card.ChangeExperiment(experiment.Id, new ExperimentChange(Hypothesis: "Changed on the way", Status: conclusion, Learning: " "), Later));

        Assert.Equal("learning", error.Field);
        Assert.Equal((ExperimentStatus.Running, "If we cache the tax lookup, checkout answers within 5 s."), (experiment.Status, experiment.Hypothesis));
        Assert.Equal(version, card.Version);
    }

    [Theory]
    [InlineData(ExperimentStatus.Planned, ExperimentStatus.Validated)]
    [InlineData(ExperimentStatus.Planned, ExperimentStatus.Invalidated)]
    [InlineData(ExperimentStatus.Running, ExperimentStatus.Planned)]
    [InlineData(ExperimentStatus.Validated, ExperimentStatus.Running)]
    [InlineData(ExperimentStatus.Invalidated, ExperimentStatus.Validated)]
    [InlineData(ExperimentStatus.Abandoned, ExperimentStatus.Running)]
    public void Statuses_go_forward_only_and_a_conclusion_is_final(ExperimentStatus from, ExperimentStatus to)
    {
        var card = NewCard();
        var experiment = Plan(card);
        if (from != ExperimentStatus.Planned && from != ExperimentStatus.Abandoned)
            card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: ExperimentStatus.Running), Now);
        if (from is ExperimentStatus.Validated or ExperimentStatus.Invalidated or ExperimentStatus.Abandoned)
            card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: from, Learning: "Learned it"), Now);

        var error = Assert.Throws<DomainException>(() => card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: to, Learning: "More"), Later));

        Assert.Equal("status", error.Field);
        Assert.Equal(from, experiment.Status);
    }

    [Fact]
    public void Abandoning_works_from_planned_and_a_concluded_experiment_keeps_its_hypothesis_but_its_learning_can_grow()
    {
        var card = NewCard();
        var experiment = Plan(card);
        card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: ExperimentStatus.Abandoned, Learning: "The vendor fixed it first."), Now);

        var error = Assert.Throws<DomainException>(() => card.ChangeExperiment(experiment.Id, new ExperimentChange(Hypothesis: "Another idea"), Later));
        card.ChangeExperiment(experiment.Id, new ExperimentChange(Learning: "The vendor fixed it first; we keep the cache idea."), Later);

        Assert.Equal("hypothesis", error.Field);
        Assert.Equal((ExperimentStatus.Abandoned, "The vendor fixed it first; we keep the cache idea."), (experiment.Status, experiment.Learning));
        Assert.Throws<DomainException>(() => card.ChangeExperiment(experiment.Id, new ExperimentChange(Learning: ""), Later));
    }

    [Fact]
    public void A_change_that_changes_nothing_records_nothing()
    {
        var card = NewCard();
        var experiment = Plan(card);
        card.ClearChanges();
        var version = card.Version;

        card.ChangeExperiment(experiment.Id, new ExperimentChange(Hypothesis: experiment.Hypothesis, Status: ExperimentStatus.Planned), Later);

        Assert.Empty(card.Recorded());
        Assert.Equal(version, card.Version);
    }

    [Fact]
    public void Work_on_an_experiment_clears_a_stale_flag()
    {
        var card = NewCard();
        var experiment = Plan(card);
        Assert.True(card.FlagStaleIfOverdue(TimeSpan.FromDays(1), StaleBasis.LastActivity, Now.AddDays(2)));
        card.ClearChanges();

        card.ChangeExperiment(experiment.Id, new ExperimentChange(Status: ExperimentStatus.Running), Now.AddDays(3));

        Assert.False(card.IsStale);
        Assert.Equal(["activity"], card.Recorded().OfType<CardUnflagged>().Select(u => u.Reason));
    }

    [Fact]
    public void An_unknown_experiment_is_NOT_FOUND_and_an_archived_card_takes_no_experiment()
    {
        var card = NewCard();

        var unknown = Assert.Throws<DomainException>(() => card.ChangeExperiment(Guid.CreateVersion7(), new ExperimentChange(Learning: "x"), Now));
        card.Archive(Now);
        var archived = Assert.Throws<DomainException>(() => Plan(card));

        Assert.Equal(ErrorCodes.NotFound, unknown.Code);
        Assert.Equal((ErrorCodes.Validation, "cardId"), (archived.Code, archived.Field));
    }

    [Fact]
    public void A_card_holds_a_bounded_number_of_experiments()
    {
        var card = NewCard();
        for (var i = 0; i < Card.MaxExperiments; i++)
            Plan(card);

        var error = Assert.Throws<DomainException>(() => Plan(card));

        Assert.Equal("cardId", error.Field);
        Assert.Equal(Card.MaxExperiments, card.Experiments.Count);
    }
}
