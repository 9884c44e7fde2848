using GraphQL.Types;
using KanbanCustomer.Api.Common.Reads;
using KanbanCustomer.Domain.Cards;

namespace KanbanCustomer.Api.Cards;

/// <summary>A card's evidence counted by proximity, as the card keeps it.</summary>
public sealed class EvidenceCountsType : ObjectGraphType<Card>
{
    public EvidenceCountsType()
    {
        Name = "EvidenceCounts";
        Description = "A card's evidence, counted by how close to the customer it came from.";
        Field<NonNullGraphType<IntGraphType>>("selfIsCustomer").Description("Recorded by the customer themselves.")
            .Resolve(ctx => ctx.Source.SelfEvidenceCount).Reads(new ColumnRead(nameof(Card.SelfEvidenceCount)));
        Field<NonNullGraphType<IntGraphType>>("directContact").Description("Heard from the customer directly.")
            .Resolve(ctx => ctx.Source.DirectEvidenceCount).Reads(new ColumnRead(nameof(Card.DirectEvidenceCount)));
        Field<NonNullGraphType<IntGraphType>>("secondHand").Description("Heard from someone else, or read in a report.")
            .Resolve(ctx => ctx.Source.SecondHandEvidenceCount).Reads(new ColumnRead(nameof(Card.SecondHandEvidenceCount)));
        Field<NonNullGraphType<IntGraphType>>("total").Description("All of the card's evidence.").Resolve(ctx => ctx.Source.EvidenceCount);
    }
}

/// <summary>A card's problem score at one moment, with the parts it multiplies (<see cref="ProblemScore"/>).</summary>
public sealed record CardScore(double Total, int Impact, int Votes, int Customers, double Evidence)
{
    public static CardScore Of(Card card, DateTimeOffset now) => new(
        ProblemScore.At(card.ScoreKey, now), Math.Max(card.Impact, 1), card.VoteCount, card.CustomerCount, ProblemScore.EvidenceAt(card.EvidenceLog, now));
}

public sealed class CardScoreType : ObjectGraphType<CardScore>
{
    public CardScoreType()
    {
        Name = "ProblemScore";
        Description = "Why a problem ranks where it does: total = impact x (1 + votes) x (1 + customers) x evidence. "
            + "Evidence weighs 3 when the customer recorded it, 2 when heard from them directly, 1 second hand, and halves with every "
            + "halfLifeDays of its age. No evidence, no score. A role never enters it.";
        Field(x => x.Total).Description("The score now: the product of the parts.");
        Field(x => x.Impact).Description("The card's impact, 1-5.");
        Field(x => x.Votes).Description("Distinct people who voted (one person, one vote); the score multiplies 1 + votes.");
        Field(x => x.Customers).Description("Distinct customers the evidence names; the score multiplies 1 + customers.");
        Field(x => x.Evidence).Description("The evidence's weights summed, each halved for every half-life of its age; 0 without evidence.");
        Field<NonNullGraphType<FloatGraphType>>("halfLifeDays").Description("After how many days a piece of evidence counts half.")
            .Resolve(_ => ProblemScore.HalfLife.TotalDays);
    }
}
