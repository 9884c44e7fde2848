using GraphQL.Types;
using KanbanCustomer.Api.Cards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Insights;

namespace KanbanCustomer.Api.Insights;

public sealed record InsightPayload(Insight Insight, Card? Card);

public sealed class InsightPayloadType : ObjectGraphType<InsightPayload>
{
    public InsightPayloadType()
    {
        Name = "InsightPayload";
        Description = "An insight after the change, and the card it went to, if any.";
        Field(x => x.Insight, typeof(NonNullGraphType<InsightType>)).Description("The submitted or triaged insight.");
        Field(x => x.Card, typeof(CardType)).Description("The card it was attached to or became; null after submitInsight and dismissInsight.");
    }
}
