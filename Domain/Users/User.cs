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

    /// <summary>The token's name when it is usable, else the id: a bad name never blocks a sign-in.</summary>
    public static string DisplayName(string? name, string id)
    {
        var trimmed = name?.Trim() ?? "";
        return trimmed.Length is > 0 and <= UserLimits.NameMaxLength && !trimmed.Any(char.IsControl) ? trimmed : id;
    }
}
