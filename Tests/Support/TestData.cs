using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

public sealed record BoardIds(string BoardId, IReadOnlyList<string> ColumnIds, IReadOnlyList<string> SwimlaneIds);

/// <summary>A card of a cell as the API lists it: its id and its rank key.</summary>
public sealed record RankedId(string Id, string Rank);

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

    /// <summary>A board of Alice's (or whoever creates it) where bob and carol are members too.</summary>
    public static async Task<BoardIds> CreateTeamBoardAsync(this GraphQLClient client, string name = "Team board", object? columns = null, object? swimlanes = null)
    {
        var board = await client.CreateBoardAsync(name, columns, swimlanes);
        foreach (var userId in new[] { "bob", "carol" })
            await client.AddMemberAsync(board.BoardId, userId, "MEMBER");
        return board;
    }

    public static async Task AddMemberAsync(this GraphQLClient client, string boardId, string userId, string role)
    {
        var response = await client.SendAsync(
            "mutation($input: AddMemberInput!) { addMember(input: $input) { member { role } } }",
            new { input = new { boardId, userId, role } });
        Assert.True(response.Errors is null, response.Text);
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
            CellQuery,
            new { id = boardId, c = columnId, s = swimlaneId });
        return Cell(data).Select(c => c.Str("id")).ToList();
    }

    /// <summary>One cell's cards: a single page of the largest size, which the cell must fit in.</summary>
    private const string CellQuery =
        "query($id: ID!, $c: ID!, $s: ID!) { board(id: $id) { cards(first: 500, where: { columnId: { eq: $c }, swimlaneId: { eq: $s } }) { nodes { id rank } pageInfo { hasNextPage } } } }";

    private static List<JsonElement> Cell(JsonElement data)
    {
        Assert.False(data.At("board.cards.pageInfo.hasNextPage").GetBoolean(), "The cell holds more cards than one page of 500.");
        return data.At("board.cards.nodes").EnumerateArray().ToList();
    }

    /// <summary>The items of a connection (its <c>nodes</c>) at a dotted path, e.g. <c>board.cards</c>.</summary>
    public static List<JsonElement> Nodes(this JsonElement element, string path) => element.At(path + ".nodes").EnumerateArray().ToList();

    /// <summary>Every board the client's user is a member of (by name), with these fields: pages of 500 until the last.</summary>
    public static async Task<List<JsonElement>> AllBoardsAsync(this GraphQLClient client, string fields = "id name")
    {
        var boards = new List<JsonElement>();
        string? after = null;
        while (true)
        {
            var data = await client.DataAsync(
                $"query($after: String) {{ boards(first: 500, after: $after) {{ nodes {{ {fields} }} pageInfo {{ hasNextPage endCursor }} }} }}",
                new { after });
            boards.AddRange(data.Nodes("boards"));
            if (!data.At("boards.pageInfo.hasNextPage").GetBoolean())
                return boards;
            after = data.Str("boards.pageInfo.endCursor");
        }
    }

    public static async Task<long> EventCountAsync(this GraphQLClient client, string boardId) =>
        (await client.DataAsync("query($id: ID!) { board(id: $id) { lastEventSeq } }", new { id = boardId })).Number("board.lastEventSeq");

    /// <summary>Sends one mutation of the usual shape (one <c>input</c> argument) and returns the response as it came.</summary>
    public static Task<GraphQLResponse> MutateAsync(this GraphQLClient client, string mutation, string inputType, object input, string selection) =>
        client.SendAsync($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ {selection} }} }}", new { input });

    /// <summary>Sends a card mutation (updateCard, blockCard, vote ...) that returns <c>card { CardFields }</c>.</summary>
    public static Task<GraphQLResponse> ChangeCardAsync(this GraphQLClient client, string mutation, string inputType, object input) =>
        client.MutateAsync(mutation, inputType, input, $"card {{ {CardFields} }}");

    public static async Task<JsonElement> CardAsync(this GraphQLClient client, string cardId, string fields = CardFields) =>
        (await client.DataAsync($"query($id: ID!) {{ card(id: $id) {{ {fields} }} }}", new { id = cardId })).GetProperty("card");

    public static async Task<JsonElement> BoardAsync(this GraphQLClient client, string boardId, string fields = BoardFields) =>
        (await client.DataAsync($"query($id: ID!) {{ board(id: $id) {{ {fields} }} }}", new { id = boardId })).GetProperty("board");

    /// <summary>One cell's cards with their rank keys, in the order the API lists them.</summary>
    public static async Task<IReadOnlyList<RankedId>> CellRanksAsync(this GraphQLClient client, string boardId, string columnId, string swimlaneId)
    {
        var data = await client.DataAsync(
            CellQuery,
            new { id = boardId, c = columnId, s = swimlaneId });
        return Cell(data).Select(c => new RankedId(c.Str("id"), c.Str("rank"))).ToList();
    }
}
