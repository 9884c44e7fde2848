using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

public sealed record BoardIds(string BoardId, IReadOnlyList<string> ColumnIds, IReadOnlyList<string> SwimlaneIds);

/// <summary>Test data made through the API itself, with defaults for everything a test does not care about.</summary>
public static class TestData
{
    public const string BoardFields = "id name lastEventSeq columns { id name position wipLimit staleAfter isCommitmentPoint isDone } swimlanes { id name position customerKind }";

    public const string CardFields = "id boardId title problemStatement customerKind impact reach tags assignees rank version isBlocked blockedReason isArchived column { id } swimlane { id }";

    public static async Task<BoardIds> CreateBoardAsync(this GraphQLClient client, string name = "Test board", object? columns = null, object? swimlanes = null)
    {
        var data = await client.DataAsync(
            $"mutation($input: CreateBoardInput!) {{ createBoard(input: $input) {{ board {{ {BoardFields} }} }} }}",
            new { input = new { name, columns, swimlanes } });
        var board = data.At("createBoard.board");
        return new BoardIds(
            board.Str("id"),
            board.GetProperty("columns").EnumerateArray().Select(c => c.Str("id")).ToList(),
            board.GetProperty("swimlanes").EnumerateArray().Select(s => s.Str("id")).ToList());
    }

    public static async Task<JsonElement> CreateCardAsync(this GraphQLClient client, string boardId, string title = "A customer problem",
        string? columnId = null, string? swimlaneId = null, string? afterCardId = null, string? beforeCardId = null)
    {
        var data = await client.DataAsync(
            $"mutation($input: CreateCardInput!) {{ createCard(input: $input) {{ card {{ {CardFields} }} }} }}",
            new { input = new { boardId, title, columnId, swimlaneId, afterCardId, beforeCardId } });
        return data.At("createCard.card");
    }

    public static Task<GraphQLResponse> MoveCardAsync(this GraphQLClient client, string cardId, string toColumnId,
        string? toSwimlaneId = null, string? afterCardId = null, string? beforeCardId = null, int? expectedVersion = null) =>
        client.SendAsync(
            $"mutation($input: MoveCardInput!) {{ moveCard(input: $input) {{ card {{ {CardFields} }} }} }}",
            new { input = new { cardId, toColumnId, toSwimlaneId, afterCardId, beforeCardId, expectedVersion } });

    /// <summary>Card ids of one cell in the order the API lists them.</summary>
    public static async Task<IReadOnlyList<string>> CellAsync(this GraphQLClient client, string boardId, string columnId, string swimlaneId)
    {
        var data = await client.DataAsync(
            "query($id: ID!, $c: ID, $s: ID) { board(id: $id) { cards(columnId: $c, swimlaneId: $s) { id rank } } }",
            new { id = boardId, c = columnId, s = swimlaneId });
        return data.At("board.cards").EnumerateArray().Select(c => c.Str("id")).ToList();
    }

    public static async Task<long> EventCountAsync(this GraphQLClient client, string boardId) =>
        (await client.DataAsync("query($id: ID!) { board(id: $id) { lastEventSeq } }", new { id = boardId })).Number("board.lastEventSeq");
}
