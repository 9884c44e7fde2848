using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// A card's discussion: Alice's team board (bob and carol members) with vera as a viewer and one card, comments added,
/// edited and deleted through the API.
/// </summary>
public abstract class CommentTestBase(KanbanApp app) : CardMutationTestBase(app)
{
    private protected const string CommentFields = "id cardId authorId author { userId name } text mentions createdAt editedAt isDeleted deletedAt deletedBy version";

    private protected GraphQLClient Vera => App.ClientFor("vera", "Vera");

    /// <summary>The board and its one card.</summary>
    private protected async Task<(BoardIds Board, string CardId)> CardOnBoardAsync()
    {
        var board = await Alice.CreateTeamBoardAsync();
        await Alice.AddMemberAsync(board.BoardId, "vera", "VIEWER");
        var card = (await Alice.CreateCardAsync(board.BoardId, "Invoices are unreadable")).Str("id");
        return (board, card);
    }

    private protected static Task<GraphQLResponse> AddAsync(GraphQLClient client, string cardId, string text = "Seen at the bakery too", string[]? mentions = null) =>
        client.MutateAsync("addComment", "AddCommentInput", new { cardId, text, mentions }, $"comment {{ {CommentFields} }} card {{ id version lastActivityAt }}");

    /// <summary>Adds a comment that must be accepted; returns its id.</summary>
    private protected static async Task<string> AddedAsync(GraphQLClient client, string cardId, string text = "Seen at the bakery too", string[]? mentions = null)
    {
        var response = await AddAsync(client, cardId, text, mentions);
        Assert.True(response.Errors is null, response.Text);
        return response.Data.Str("addComment.comment.id");
    }

    private protected static Task<GraphQLResponse> EditAsync(GraphQLClient client, string commentId, string text, string[]? mentions = null, int? expectedVersion = null) =>
        client.MutateAsync("editComment", "EditCommentInput", new { commentId, text, mentions, expectedVersion }, $"comment {{ {CommentFields} }} card {{ id version lastActivityAt }}");

    private protected static Task<GraphQLResponse> DeleteAsync(GraphQLClient client, string commentId) =>
        client.MutateAsync("deleteComment", "DeleteCommentInput", new { commentId }, $"comment {{ {CommentFields} }} card {{ id version lastActivityAt }}");

    private protected static async Task<JsonElement> CommentAsync(GraphQLClient client, string commentId) =>
        (await client.DataAsync($"query($id: ID!) {{ node(id: $id) {{ ... on Comment {{ {CommentFields} }} }} }}", new { id = commentId })).GetProperty("node");

    /// <summary>The card's discussion as everyone reads it, and the board's last event number: what a refused change must leave alone.</summary>
    private protected async Task<string> DiscussionAsync(string cardId)
    {
        var card = await Alice.CardAsync(cardId, $"boardId version lastActivityAt comments(first: 100) {{ totalCount nodes {{ {CommentFields} }} }}");
        return card.GetRawText() + (await Alice.EventCountAsync(card.Str("boardId"))).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The card's events of the comment kinds, oldest first.</summary>
    private protected async Task<List<JsonElement>> CommentEventsAsync(string cardId)
    {
        var card = await Alice.CardAsync(cardId,
            "events(first: 100) { nodes { type payload ... on CommentChangedEvent { commentId mentions deletedBy actor { userId } comment { id text isDeleted } card { id } } } }");
        return card.Nodes("events").Where(e => e.Str("type").StartsWith("Comment", StringComparison.Ordinal)).ToList();
    }
}
