using GraphQL.Types;
using KanbanCustomer.Api.Common.Access;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Api.Members;

public static class MemberMutations
{
    public static void AddMemberMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<MemberPayloadType>>("addMember")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Adds someone to a board (admins only).")
            .Argument<NonNullGraphType<AddMemberInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<AddMemberInput>();
                var writes = ctx.Writes();
                return await writes.ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                    new MemberPayload(board, board.AddMember(input.UserId, input.Role ?? BoardRole.Member, ctx.ViewerId(), writes.Now)),
                    ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<MemberPayloadType>>("changeMemberRole")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Changes a member's role (admins only); the last admin cannot be demoted.")
            .Argument<NonNullGraphType<ChangeMemberRoleInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<ChangeMemberRoleInput>();
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                    new MemberPayload(board, board.ChangeMemberRole(input.UserId, input.Role)),
                    ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<MemberPayloadType>>("removeMember")
            .OnBoard(BoardRole.Viewer, Locate.BoardInput())
            .Description("Removes a member: anyone may leave, an admin may remove others; the last admin cannot go.")
            .Argument<NonNullGraphType<RemoveMemberInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.Input<RemoveMemberInput>();
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.BoardId, "Board"), board =>
                {
                    board.RemoveMember(input.UserId, ctx.ViewerId());
                    return new MemberPayload(board, null, input.UserId.Trim());
                }, ctx.CancellationToken);
            });
    }
}
