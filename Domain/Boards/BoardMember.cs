using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Boards;

/// <summary>
/// What a member may do on a board. Members are equal on cards whatever their rank;
/// roles gate board administration only.
/// </summary>
public enum BoardRole
{
    /// <summary>Reads the board.</summary>
    Viewer = 0,

    /// <summary>Everything on cards: create, edit, move, evidence, votes, block.</summary>
    Member = 1,

    /// <summary>Also columns, swimlanes, policies and members.</summary>
    Admin = 2,
}

public static class BoardRoles
{
    /// <summary>Non-members learn nothing (NOT_FOUND, as for an id that does not exist); members with too low a role get FORBIDDEN.</summary>
    public static void Check(BoardRole? role, BoardRole required, string what, object id)
    {
        if (role is null)
            throw DomainException.NotFound(what, id);
        if (role < required)
        {
            throw new DomainException(ErrorCodes.Forbidden,
                $"This needs the {Name(required)} role on the board; you are {Name(role.Value)}.",
                details: new Dictionary<string, object?> { ["requiredRole"] = Name(required) });
        }
    }

    public static string Name(BoardRole role) => role.ToString().ToUpperInvariant();
}

/// <summary>A person's membership of a board.</summary>
public sealed class BoardMember
{
    private BoardMember() { }

    internal BoardMember(Guid boardId, string userId, BoardRole role, string addedBy, DateTimeOffset now)
    {
        BoardId = boardId;
        UserId = userId;
        Role = role;
        AddedBy = addedBy;
        AddedAt = now;
    }

    public Guid BoardId { get; private set; }

    public string UserId { get; private set; } = "";

    public BoardRole Role { get; internal set; }

    public string AddedBy { get; private set; } = "";

    public DateTimeOffset AddedAt { get; private set; }
}
