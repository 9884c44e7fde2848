using GraphQL;
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
                var input = new InputReader(ctx.Input());
                var writes = ctx.Writes();
                return await writes.ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                    new MemberPayload(board, board.AddMember(input.Get<string>("userId") ?? "", input.Get("role", BoardRole.Member), ctx.ViewerId(), writes.Now)),
                    ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<MemberPayloadType>>("changeMemberRole")
            .OnBoard(BoardRole.Admin, Locate.BoardInput())
            .Description("Changes a member's role (admins only); the last admin cannot be demoted.")
            .Argument<NonNullGraphType<ChangeMemberRoleInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                    new MemberPayload(board, board.ChangeMemberRole(input.Get<string>("userId") ?? "", input.Get("role", BoardRole.Member))),
                    ctx.CancellationToken);
            });

        mutation.Field<NonNullGraphType<MemberPayloadType>>("removeMember")
            .OnBoard(BoardRole.Viewer, Locate.BoardInput())
            .Description("Removes a member: anyone may leave, an admin may remove others; the last admin cannot go.")
            .Argument<NonNullGraphType<RemoveMemberInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = new InputReader(ctx.Input());
                var userId = input.Get<string>("userId") ?? "";
                return await ctx.Writes().ChangeBoardAsync(Ids.Parse(input.Id("boardId"), "Board"), board =>
                {
                    board.RemoveMember(userId, ctx.ViewerId());
                    return new MemberPayload(board, null, userId.Trim());
                }, ctx.CancellationToken);
            });
    }
}
