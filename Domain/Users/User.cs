using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Users;

/// <summary>A person who signed in at least once; provisioned from the token (id = <c>sub</c>, name = <c>name</c>).</summary>
public sealed class User
{
    private User() { }

    public User(string id, string? name, DateTimeOffset now)
    {
        Id = Guard.UserId(id, "sub");
        Name = DisplayName(name, Id);
        FirstSeenAt = now;
    }

    public string Id { get; private set; } = "";

    public string Name { get; private set; } = "";

    public DateTimeOffset FirstSeenAt { get; private set; }

    /// <summary>Takes the name the identity provider gives now; returns whether it changed.</summary>
    public bool Rename(string? name)
    {
        var display = DisplayName(name, Id);
        if (display == Name)
            return false;
        Name = display;
        return true;
    }

    /// <summary>
    /// Why <paramref name="id"/> cannot be a user id (null when it can): 1-128 characters as given, without control
    /// characters or surrounding spaces. An id is never shortened or cleaned: two different ids would become one.
    /// </summary>
    public static string? IdProblem(string? id) =>
        string.IsNullOrEmpty(id) ? "is missing"
        : id.Length > UserLimits.IdMaxLength ? $"is longer than {UserLimits.IdMaxLength} characters"
        : id.Trim().Length != id.Length || id.Any(char.IsControl) ? "has surrounding spaces or control characters"
        : null;

    /// <summary>The token's name when it is usable, else the id: a bad name never blocks a sign-in.</summary>
    public static string DisplayName(string? name, string id)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is > 0 and <= UserLimits.NameMaxLength && !trimmed.Any(char.IsControl) ? trimmed : id;
    }
}
