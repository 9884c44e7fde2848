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
        Field(x => x.Card, typeof(NonNullGraphType<CardType>)).Description("The changed card.");
    }
}

public sealed class EvidencePayloadType : ObjectGraphType<EvidencePayload>
{
    public EvidencePayloadType()
    {
        Name = "EvidencePayload";
        Description = "An evidence change: the evidence (null when removed) and its card.";
        Field(x => x.Evidence, typeof(EvidenceType)).Description("The added evidence; null after removeEvidence.");
        Field<IdGraphType>("removedEvidenceId").Description("The id of the removed evidence, after removeEvidence.").Resolve(ctx => Ids.Global("Evidence", ctx.Source.RemovedEvidenceId));
        Field(x => x.Card, typeof(NonNullGraphType<CardType>)).Description("The card after the change.");
    }
}
