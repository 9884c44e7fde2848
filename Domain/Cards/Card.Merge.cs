using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

/// <summary>Merging a duplicate report into the card that stays.</summary>
public sealed partial class Card
{
    /// <summary>
    /// Moves this card's evidence, experiments, tags and votes to <paramref name="target"/> (both cards' evidence,
    /// votes and experiments loaded), then archives this card with <see cref="MergedInto"/> set. The target's votes
    /// become the distinct voters of both. Returns false, changing nothing, when this card is already merged into the
    /// target (a repeated merge).
    /// </summary>
    public bool MergeInto(Card target, DateTimeOffset now)
    {
        if (MergedInto is { } into)
        {
            if (into == target.Id)
                return false;
            throw DomainException.Invalid("sourceCardId", "The card was already merged into another card.");
        }

        if (target.Id == Id)
            throw DomainException.Invalid("targetCardId", "A card cannot be merged into itself.");
        if (target.BoardId != BoardId)
            throw DomainException.Invalid("targetCardId", "Cards merge only within one board.");
        if (IsArchived)
            throw DomainException.Invalid("sourceCardId", "The card is archived; restore it before merging it.");
        if (target.MergedInto is not null)
            throw DomainException.Invalid("targetCardId", "The target card was merged into another card; merge into that one.");
        if (target.IsArchived)
            throw DomainException.Invalid("targetCardId", "The target card is archived; restore it first.");
        if (target._evidence.Count + _evidence.Count > MaxEvidence)
            throw DomainException.Invalid("targetCardId", $"Together the cards hold more than {MaxEvidence} pieces of evidence.");
        if (target._experiments.Count + _experiments.Count > MaxExperiments)
            throw DomainException.Invalid("targetCardId", $"Together the cards hold more than {MaxExperiments} experiments.");
        var tags = target.Tags.Concat(Tags).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.Count > MaxTags)
            throw DomainException.Invalid("targetCardId", $"Together the cards have more than {MaxTags} tags.");

        var evidence = _evidence.Count;
        var experiments = _experiments.Count;
        foreach (var piece in _evidence)
        {
            piece.MoveTo(target.Id);
            target._evidence.Add(piece);
        }

        foreach (var experiment in _experiments)
        {
            experiment.MoveTo(target.Id);
            target._experiments.Add(experiment);
        }

        foreach (var vote in _votes.Where(v => !target.HasVoteFrom(v.VoterId)))
            target._votes.Add(new Vote(target.Id, vote.VoterId, vote.CastAt));
        _evidence.Clear();
        _experiments.Clear();
        _votes.Clear();

        target.Tags = tags;
        target.VoteCount = target._votes.Count;
        target.Remeasure();
        target.Touch(now);

        VoteCount = 0;
        Remeasure();
        MergedInto = target.Id;
        IsArchived = true;
        ArchivedAt = now;
        Touch(now);
        Record(new CardMerged(BoardId, Id, target.Id, evidence, experiments, target.VoteCount));
        return true;
    }
}
