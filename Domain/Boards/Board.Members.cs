using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Boards;

/// <summary>Who is on the board and with which role; a board always keeps an admin.</summary>
public sealed partial class Board
{
    public BoardRole? RoleOf(string userId) => _members.Find(m => m.UserId == userId)?.Role;

    /// <summary>Refuses someone who is not a member (as if the board did not exist) or whose role is too low.</summary>
    public void EnsureRole(string userId, BoardRole required) => BoardRoles.Check(RoleOf(userId), required, "Board", Id);

    public BoardMember AddMember(string userId, BoardRole role, string addedBy, DateTimeOffset now)
    {
        userId = Guard.UserId(userId);
        CheckRole(role);
        if (_members.Exists(m => m.UserId == userId))
            throw DomainException.Invalid("userId", $"'{userId}' is already a member of this board.");
        var member = new BoardMember(Id, userId, role, addedBy, now);
        _members.Add(member);
        Record(new MemberAdded(Id, userId, role));
        return member;
    }

    public BoardMember ChangeMemberRole(string userId, BoardRole role)
    {
        CheckRole(role);
        var member = GetMember(userId);
        if (member.Role == role)
            return member;
        if (member.Role == BoardRole.Admin)
            EnsureAnotherAdmin(member, "demoted");
        member.Role = role;
        Record(new MemberRoleChanged(Id, member.UserId, role));
        return member;
    }

    /// <summary>Removes a member; anyone may leave, only an admin may remove someone else.</summary>
    public void RemoveMember(string userId, string removedBy)
    {
        var member = GetMember(userId);
        if (member.UserId != removedBy)
            EnsureRole(removedBy, BoardRole.Admin);
        if (member.Role == BoardRole.Admin)
            EnsureAnotherAdmin(member, member.UserId == removedBy ? "leave" : "removed");
        _members.Remove(member);
        Record(new MemberRemoved(Id, member.UserId));
    }

    private BoardMember GetMember(string userId) =>
        _members.Find(m => m.UserId == userId?.Trim())
        ?? throw new DomainException(ErrorCodes.NotFound, $"'{userId}' is not a member of this board.", "userId");

    private void EnsureAnotherAdmin(BoardMember member, string what)
    {
        if (!_members.Exists(m => m != member && m.Role == BoardRole.Admin))
            throw DomainException.Invalid("userId", $"The last admin cannot be {what}; make someone else admin first.");
    }

    private static void CheckRole(BoardRole role)
    {
        if (!Enum.IsDefined(role))
            throw DomainException.Invalid("role", "Unknown role.");
    }
}
