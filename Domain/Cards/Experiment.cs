using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

/// <summary>Where an experiment stands. Validated, invalidated and abandoned are conclusions: final, and each needs a learning.</summary>
public enum ExperimentStatus
{
    Planned = 0,
    Running = 1,
    Validated = 2,
    Invalidated = 3,
    Abandoned = 4,
}

/// <summary>A change to an experiment; a null part stays as it is.</summary>
public sealed record ExperimentChange(string? Hypothesis = null, string? Measure = null, ExperimentStatus? Status = null, string? Learning = null);

/// <summary>
/// A hypothesis tried against a customer problem: what the team believes, how it will know, where the trial stands,
/// and what it learned. Planned, then running, then concluded (validated or invalidated), or abandoned at any point
/// before; a conclusion is final and needs the learning, which stays editable.
/// </summary>
public sealed class Experiment
{
    public const int HypothesisMaxLength = 1000;
    public const int MeasureMaxLength = 1000;
    public const int LearningMaxLength = 4000;

    private Experiment() { }

    internal Experiment(Guid cardId, string hypothesis, string measure, string createdBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        CardId = cardId;
        Hypothesis = Guard.Text(hypothesis, HypothesisMaxLength, "hypothesis");
        Measure = Guard.Text(measure, MeasureMaxLength, "measure");
        Status = ExperimentStatus.Planned;
        CreatedBy = createdBy;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid CardId { get; private set; }

    /// <summary>What the team believes will help ("If we ..., then ...").</summary>
    public string Hypothesis { get; private set; } = "";

    /// <summary>How the team will know: the signal or number that decides.</summary>
    public string Measure { get; private set; } = "";

    public ExperimentStatus Status { get; private set; }

    /// <summary>What the team learned; empty until someone writes it, required for a conclusion.</summary>
    public string Learning { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When it began running.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When it was validated, invalidated or abandoned.</summary>
    public DateTimeOffset? ConcludedAt { get; private set; }

    public bool IsConcluded => Status is ExperimentStatus.Validated or ExperimentStatus.Invalidated or ExperimentStatus.Abandoned;

    /// <summary>Applies the change whole or not at all; returns the names of the fields that changed.</summary>
    internal List<string> Apply(ExperimentChange change, DateTimeOffset now)
    {
        var hypothesis = change.Hypothesis is null ? Hypothesis : Guard.Text(change.Hypothesis, HypothesisMaxLength, "hypothesis");
        var measure = change.Measure is null ? Measure : Guard.Text(change.Measure, MeasureMaxLength, "measure");
        var learning = change.Learning is null ? Learning : Guard.OptionalText(change.Learning, LearningMaxLength, "learning");
        var status = change.Status ?? Status;
        if (!Enum.IsDefined(status))
            throw DomainException.Invalid("status", "Unknown experiment status.");

        if (IsConcluded && (hypothesis != Hypothesis || measure != Measure))
            throw DomainException.Invalid(hypothesis != Hypothesis ? "hypothesis" : "measure", "A concluded experiment keeps its hypothesis and measure; only its learning can still change.");
        if (status != Status)
            CheckTransition(status);
        if (status is ExperimentStatus.Validated or ExperimentStatus.Invalidated or ExperimentStatus.Abandoned && learning.Length == 0)
            throw DomainException.Invalid("learning", "Write down what the team learned before concluding the experiment.");

        var changed = new List<string>();
        if (hypothesis != Hypothesis) { Hypothesis = hypothesis; changed.Add("hypothesis"); }
        if (measure != Measure) { Measure = measure; changed.Add("measure"); }
        if (learning != Learning) { Learning = learning; changed.Add("learning"); }
        if (status != Status)
        {
            Status = status;
            changed.Add("status");
            if (status == ExperimentStatus.Running)
                StartedAt = now;
            else
                ConcludedAt = now;
        }

        if (changed.Count > 0)
            UpdatedAt = now;
        return changed;
    }

    private void CheckTransition(ExperimentStatus to)
    {
        var allowed = (Status, to) switch
        {
            (ExperimentStatus.Planned, ExperimentStatus.Running or ExperimentStatus.Abandoned) => true,
            (ExperimentStatus.Running, ExperimentStatus.Validated or ExperimentStatus.Invalidated or ExperimentStatus.Abandoned) => true,
            _ => false,
        };
        if (!allowed)
        {
            var why = IsConcluded ? "a conclusion is final"
                : to == ExperimentStatus.Planned ? "an experiment does not go back to planned"
                : "only a running experiment can be validated or invalidated";
            throw DomainException.Invalid("status", $"An experiment cannot go from {Status} to {to}: {why}.");
        }
    }

    /// <summary>A merge moves the experiment to the card it was merged into.</summary>
    internal void MoveTo(Guid cardId) => CardId = cardId;
}
