using System.Text.Json;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>Refusals as a client reads them: <c>errors[n].extensions.code</c>, the field at fault, and nothing changed.</summary>
public abstract class ErrorTests(KanbanApp app) : ApiTestBase(app)
{
    private const string UnknownGuid = "7d6f0a0e-1c2b-4d3e-8f90-a1b2c3d4e5f6";

    [Fact]
    public async Task An_object_given_for_an_ID_variable_is_a_validation_error_naming_the_variable()
    {
        var response = await Alice.SendAsync("query($id: ID!) { board(id: $id) { id } }", new { id = new { nested = 1 } });

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("id", response.FirstErrorExtensions.Str("field"));
    }

    [Fact]
    public async Task Text_given_for_an_Int_variable_is_a_validation_error_naming_the_variable_and_creates_nothing()
    {
        var board = await Alice.CreateBoardAsync();
        var eventsBefore = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.SendAsync(
            "mutation($b: ID!, $n: Int) { createCard(input: { boardId: $b, title: \"Typed wrong\", impact: $n }) { card { id } } }",
            new { b = board.BoardId, n = "abc" });

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("n", response.FirstErrorExtensions.Str("field"));
        Assert.Empty(await CardIdsAsync(board.BoardId));
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task An_Int_variable_beyond_32_bits_is_a_validation_error_naming_the_variable()
    {
        var board = await Alice.CreateBoardAsync();

        var response = await Alice.SendAsync(
            "mutation($b: ID!, $n: Int) { createCard(input: { boardId: $b, title: \"Too big\", reach: $n }) { card { id } } }",
            new { b = board.BoardId, n = 99_999_999_999L });

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("n", response.FirstErrorExtensions.Str("field"));
        Assert.Empty(await CardIdsAsync(board.BoardId));
    }

    [Fact]
    public async Task A_title_of_ten_thousand_characters_is_refused_on_the_title_and_creates_nothing()
    {
        var board = await Alice.CreateBoardAsync();
        var eventsBefore = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.SendAsync(
            "mutation($input: CreateCardInput!) { createCard(input: $input) { card { id } } }",
            new { input = new { boardId = board.BoardId, title = new string('x', 10_000) } });

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("title", response.FirstErrorExtensions.Str("field"));
        Assert.Empty(await CardIdsAsync(board.BoardId));
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(board.BoardId));
    }

    [Fact]
    public async Task A_title_with_a_NUL_character_is_refused_on_the_title_and_creates_nothing()
    {
        var board = await Alice.CreateBoardAsync();
        var eventsBefore = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.SendAsync(
            "mutation($input: CreateCardInput!) { createCard(input: $input) { card { id } } }",
            new { input = new { boardId = board.BoardId, title = "Broken\u0000title" } });

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal("title", response.FirstErrorExtensions.Str("field"));
        Assert.Empty(await CardIdsAsync(board.BoardId));
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(board.BoardId));
    }

    [Theory]
    [InlineData(UnknownGuid)]
    [InlineData("nope")]
    [InlineData("' OR 1=1 --")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task An_unknown_or_malformed_board_id_is_NOT_FOUND(string id)
    {
        await Alice.CreateBoardAsync();

        var response = await Alice.SendAsync("query($id: ID!) { board(id: $id) { id name } }", new { id });

        Assert.Equal("NOT_FOUND", response.ErrorCode);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("board").ValueKind);
    }

    [Theory]
    [InlineData(UnknownGuid)]
    [InlineData("nope")]
    [InlineData("' OR 1=1 --")]
    public async Task An_unknown_or_malformed_card_id_is_NOT_FOUND(string id)
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId);

        var response = await Alice.SendAsync("query($id: ID!) { card(id: $id) { id title } }", new { id });

        Assert.Equal("NOT_FOUND", response.ErrorCode);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("card").ValueKind);
    }

    [Theory]
    [InlineData(UnknownGuid)]
    [InlineData("nope")]
    [InlineData("' OR 1=1 --")]
    public async Task Moving_an_unknown_or_malformed_card_id_is_NOT_FOUND_and_changes_nothing(string id)
    {
        var board = await Alice.CreateBoardAsync();
        await Alice.CreateCardAsync(board.BoardId);
        var eventsBefore = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MoveCardAsync(id, board.ColumnIds[1]);

        Assert.Equal("NOT_FOUND", response.ErrorCode);
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(board.BoardId));
    }

    [Theory]
    [InlineData(UnknownGuid)]
    [InlineData("nope")]
    [InlineData("' OR 1=1 --")]
    public async Task Moving_a_card_to_an_unknown_or_malformed_column_id_is_NOT_FOUND_and_leaves_it_in_place(string id)
    {
        var board = await Alice.CreateBoardAsync();
        var card = await Alice.CreateCardAsync(board.BoardId);
        var eventsBefore = await Alice.EventCountAsync(board.BoardId);

        var response = await Alice.MoveCardAsync(card.Str("id"), id);

        Assert.Equal("NOT_FOUND", response.ErrorCode);
        Assert.Equal(eventsBefore, await Alice.EventCountAsync(board.BoardId));
        Assert.Equal([card.Str("id")], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
    }

    [Fact]
    public async Task A_column_of_another_board_is_NOT_FOUND_when_moving_a_card()
    {
        var board = await Alice.CreateBoardAsync();
        var other = await Alice.CreateBoardAsync("Other board");
        var card = await Alice.CreateCardAsync(board.BoardId);

        var response = await Alice.MoveCardAsync(card.Str("id"), other.ColumnIds[1]);

        Assert.Equal("NOT_FOUND", response.ErrorCode);
        Assert.Equal($"Column '{other.ColumnIds[1]}' was not found.", response.Errors!.Value[0].Str("message")); // the id the client knows, not the raw key
        Assert.Equal([card.Str("id")], await Alice.CellAsync(board.BoardId, board.ColumnIds[0], board.SwimlaneIds[0]));
    }

    [Theory]
    [InlineData("{ viewer { id ")]
    [InlineData("query { viewer { id } } }")]
    [InlineData("mutation { createBoard(input: { name: \"x\" ) { board { id } } }")]
    [InlineData("{ board(id: \"unterminated) { id } }")]
    public async Task A_syntax_error_is_GRAPHQL_PARSE_FAILED(string query)
    {
        var response = await Alice.SendAsync(query);

        Assert.Equal("GRAPHQL_PARSE_FAILED", response.ErrorCode);
    }

    [Theory]
    [InlineData("{ viewer { id shoeSize } }")]
    [InlineData("{ noSuchRootField }")]
    [InlineData("{ board { id } }")]
    [InlineData("{ board(id: 5, colour: \"red\") { id } }")]
    [InlineData("query($unused: ID) { viewer { id } }")]
    public async Task A_document_the_schema_does_not_allow_is_GRAPHQL_VALIDATION_FAILED(string query)
    {
        var response = await Alice.SendAsync(query);

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.ErrorCode);
    }

    [Theory]
    [InlineData("mutation { createBoard(input: { name: 5 }) { board { id } } }", "name")]
    [InlineData("mutation { createBoard(input: { }) { board { id } } }", "name")]
    [InlineData("mutation { addColumn(input: { boardId: \"x\", name: \"A\", wipLimit: 99999999999 }) { board { id } } }", "wipLimit")]
    public async Task An_argument_value_of_the_wrong_type_is_VALIDATION_naming_the_field(string query, string field)
    {
        var response = await Alice.SendAsync(query);

        Assert.Equal("VALIDATION", response.ErrorCode);
        Assert.Equal(field, response.FirstErrorExtensions.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_document_nested_too_deeply_is_GRAPHQL_PARSE_FAILED_not_an_internal_error()
    {
        const int levels = 100;
        var query = string.Concat(Enumerable.Repeat("{ a ", levels)) + "{ b }" + new string('}', levels);

        var response = await Alice.SendAsync(query);

        Assert.Equal("GRAPHQL_PARSE_FAILED", response.ErrorCode);
    }

    [Fact]
    public async Task Every_error_of_every_refused_request_has_a_code()
    {
        var board = await Alice.CreateBoardAsync();
        var card = await Alice.CreateCardAsync(board.BoardId);
        var cardId = card.Str("id");
        var requests = new (string Query, object? Variables, string? OperationName)[]
        {
            ("{ viewer { id ", null, null),
            ("{ viewer { id shoeSize colour } noSuchRootField }", null, null),
            ("query($id: ID!) { board(id: $id) { id } }", new { id = new { nested = 1 } }, null),
            ("query($id: ID!) { board(id: $id) { id } }", null, null),
            ("query($id: ID!) { a: board(id: $id) { id } b: card(id: $id) { id } }", new { id = "nope" }, null),
            ("mutation($c: ID!, $col: ID!) { a: moveCard(input: { cardId: $c, toColumnId: $col }) { card { id } } b: moveCard(input: { cardId: $c, toColumnId: $col }) { card { id } } }",
                new { c = UnknownGuid, col = board.ColumnIds[1] }, null),
            ("mutation($input: CreateCardInput!) { createCard(input: $input) { card { id } } }",
                new { input = new { boardId = board.BoardId, title = new string('x', 10_000) } }, null),
            ("mutation($input: CreateCardInput!) { createCard(input: $input) { card { id } } }",
                new { input = new { boardId = board.BoardId, title = "Bad kind", customerKind = "ALIENS" } }, null),
            ("mutation($input: CreateCardInput!) { createCard(input: $input) { card { id } } }",
                new { input = new { boardId = board.BoardId, title = "", impact = 99 } }, null),
            ("query A { viewer { id } } query B { viewer { name } }", null, null),
            ("query A { viewer { id } }", null, "Nope"),
            ("query A { viewer { id } } query A { viewer { name } }", null, "A"),
            ("{ card(id: \"" + cardId + "\") { id events { nodes { seq actor { id } nope } } } }", null, null),
            ("subscription { boardEvents { seq } }", null, null),
        };

        foreach (var (query, variables, operationName) in requests)
        {
            var response = await Alice.SendAsync(query, variables, operationName);
            Assert.True(response.Errors is { ValueKind: JsonValueKind.Array } errors && errors.GetArrayLength() > 0, $"Expected errors for {query}, got {response.Text}");
            foreach (var error in response.Errors!.Value.EnumerateArray())
            {
                Assert.True(error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var code)
                    && code.ValueKind == JsonValueKind.String && code.GetString()!.Length > 0,
                    $"An error without extensions.code for {query}: {response.Text}");
                Assert.DoesNotContain("Exception", error.GetRawText(), StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", error.GetRawText(), StringComparison.Ordinal);
            }
        }
    }

    private async Task<IReadOnlyList<string>> CardIdsAsync(string boardId)
    {
        var data = await Alice.DataAsync(
            "query($id: ID!) { board(id: $id) { cards(first: 500, includeArchived: true) { nodes { id } pageInfo { hasNextPage } } } }", new { id = boardId });
        Assert.False(data.At("board.cards.pageInfo.hasNextPage").GetBoolean());
        return data.Nodes("board.cards").Select(c => c.Str("id")).ToList();
    }
}

public sealed class SqliteErrorTests(SqliteApp app) : ErrorTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresErrorTests(PostgresApp app) : ErrorTests(app), IClassFixture<PostgresApp>;
