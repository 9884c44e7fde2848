using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Cards;

namespace KanbanCustomer.Api.Cards;

public sealed record CardPayload(Card Card);

public sealed record EvidencePayload(Card Card, Evidence? Evidence, Guid? RemovedEvidenceId = null);

public sealed class CardPayloadType : ObjectGraphType<CardPayload>
{
    public CardPayloadType()
    {
        Name = "CardPayload";
        Description = "The card after the change.";
        Field<NonNullGraphType<CardType>>("card").Description("The changed card.").Resolve(ctx => ctx.Source.Card);
    }
}

public sealed class EvidencePayloadType : ObjectGraphType<EvidencePayload>
{
    public EvidencePayloadType()
    {
        Name = "EvidencePayload";
        Description = "An evidence change: the evidence (null when removed) and its card.";
        Field<EvidenceType>("evidence").Description("The added evidence; null after removeEvidence.").Resolve(ctx => ctx.Source.Evidence);
        Field<IdGraphType>("removedEvidenceId").Description("The id of the removed evidence, after removeEvidence.").Resolve(ctx => Ids.Global("Evidence", ctx.Source.RemovedEvidenceId));
        Field<NonNullGraphType<CardType>>("card").Description("The card after the change.").Resolve(ctx => ctx.Source.Card);
    }
}
