using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

/// <summary>The editable description of a customer problem.</summary>
public sealed record CardDetails(
    string Title,
    string? ProblemStatement,
    CustomerKind CustomerKind,
    int Impact,
    int Reach,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Assignees)
{
    /// <summary>The same details trimmed and checked against the card's limits (tags and assignees without duplicates), or a VALIDATION refusal naming the field.</summary>
    public CardDetails Checked()
    {
        var title = Guard.Text(Title, Card.TitleMaxLength, "title");
        var problem = Guard.OptionalText(ProblemStatement, Card.ProblemStatementMaxLength, "problemStatement");
        if (!Enum.IsDefined(CustomerKind))
            throw DomainException.Invalid("customerKind", "Unknown customer kind.");
        if (Impact is < Card.ImpactMin or > Card.ImpactMax)
            throw DomainException.Invalid("impact", $"Impact must be between {Card.ImpactMin} and {Card.ImpactMax}.");
        if (Reach is < 0 or > Card.ReachMax)
            throw DomainException.Invalid("reach", $"Reach must be between 0 and {Card.ReachMax}.");
        var tags = Distinct(Tags, Card.TagMaxLength, Card.MaxTags, "tags", ignoreCase: true);
        var assignees = Distinct(Assignees, UserLimits.IdMaxLength, Card.MaxAssignees, "assignees", ignoreCase: false);
        return new CardDetails(title, problem, CustomerKind, Impact, Reach, tags, assignees);
    }

    private static List<string> Distinct(IReadOnlyList<string>? values, int maxLength, int maxCount, string field, bool ignoreCase)
    {
        var result = new List<string>();
        foreach (var raw in values ?? [])
        {
            var value = Guard.Text(raw, maxLength, field);
            if (!result.Contains(value, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal))
                result.Add(value);
        }

        if (result.Count > maxCount)
            throw DomainException.Invalid(field, $"At most {maxCount} {field} are allowed.");
        return result;
    }
}
