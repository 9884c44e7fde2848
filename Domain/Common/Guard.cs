namespace KanbanCustomer.Domain.Common;

internal static class Guard
{
    /// <summary>Trims and checks a required text; the length limit is the one EF and GraphQL reuse.</summary>
    public static string Text(string? value, int maxLength, string field)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || text.Length > maxLength)
            throw DomainException.Invalid(field, $"{Label(field)} must be 1-{maxLength} characters.");
        return Printable(text, field);
    }

    /// <summary>Checks a required text that is kept exactly as written (a comment): not blank, within the limit, printable.</summary>
    public static string WrittenText(string? value, int maxLength, string field)
    {
        var text = value ?? "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength)
            throw DomainException.Invalid(field, $"{Label(field)} must be 1-{maxLength} characters and not blank.");
        return Printable(text, field);
    }

    public static string OptionalText(string? value, int maxLength, string field)
    {
        var text = value?.Trim() ?? "";
        if (text.Length > maxLength)
            throw DomainException.Invalid(field, $"{Label(field)} must be at most {maxLength} characters.");
        return Printable(text, field);
    }

    /// <summary>Refuses control characters other than tab and line breaks: no database stores NUL alike.</summary>
    private static string Printable(string text, string field)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                throw DomainException.Invalid(field, $"{Label(field)} must not contain control characters.");
        }

        return text;
    }

    public static string UserId(string? value, string field = "userId") => Text(value, UserLimits.IdMaxLength, field);

    private static string Label(string field) => char.ToUpperInvariant(field[0]) + field[1..];
}

public static class UserLimits
{
    public const int IdMaxLength = 128;
    public const int NameMaxLength = 200;
}
