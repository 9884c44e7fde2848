using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// The payloads of <see cref="HostileRequests"/>: broken framing, garbage and near-miss JSON, mangled documents,
/// hostile variables and query strings, and the raw request they travel in.
/// </summary>
public sealed partial class HostileRequests
{
    private static readonly string[] Documents =
    [
        "{ viewer { id userId name } }",
        "query Boards { boards(first: 5) { nodes { id name columns { id name cards(first: 3) { nodes { id title } } } } } }",
        "query One($id: ID!) { board(id: $id) { id name swimlanes { id name } } }",
        "query Card($id: ID!) { card(id: $id) { id title evidence { nodes { id } } } }",
        "query Node($id: ID!) { node(id: $id) { id ... on Card { title } } }",
        "mutation Make($input: CreateBoardInput!) { createBoard(input: $input) { board { id name } } }",
        "mutation Card($input: CreateCardInput!) { createCard(input: $input) { card { id title } } }",
        "query Events($id: ID!) { boardEvents(boardId: $id, first: 10) { nodes { seq } } }",
        "query Stale($id: ID!) { staleCards(boardId: $id, where: { title: { contains: \"x\" } }) { nodes { id } } }",
        "{ __typename }",
    ];

    private static readonly string[] Fragments =
    [
        "{", "}", "(", ")", "[", "]", "...", "@include(if: true)", "@skip", "$", ":", "=", "!", "|", "&", "query", "mutation",
        "subscription", "fragment F on Query", "on", "null", "true", "0", "-1", "1e999", "99999999999999999999", "\"", "\"\"\"",
        "\\u0000", "\u0000", "\uFFFF", "\uD800", "#", ",", "__schema", "__type(name: \"Card\")", "viewer", "boards", "node(id: 1)",
    ];

    private HostileRequest Framing() => _random.Next(6) switch
    {
        0 => Raw("bad chunk size", "POST", Headers(Json, "Transfer-Encoding: chunked"),
            Encoding.ASCII.GetBytes($"{Pick(["zz", "-1", "FFFFFFFFFFFFFFFFFFFFFF", "1;ext=\u0001", " "])}\r\n{{}}\r\n0\r\n\r\n")),
        1 => Raw("body shorter than Content-Length", "POST", Headers(Json, $"Content-Length: {_random.Next(50, 5000)}"),
            Encoding.UTF8.GetBytes("{\"query\":\"{ viewer { id } }\""), halfClose: true),
        2 => Raw("huge header", "POST", Headers(Json, $"X-Pad: {new string('a', _random.Next(20_000, 70_000))}"), Body("{ __typename }")),
        3 => Raw("unknown method", Pick(["PUT", "DELETE", "PATCH", "TRACE", "BREW", "OPTIONS"]), Headers(Json), Body("{ __typename }")),
        4 => Raw("content type", "POST", Headers(Pick(["text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/graphql", "", ";;;"])), Body("{ __typename }")),
        _ => new HostileRequest("bad request line", Encoding.UTF8.GetBytes(Pick([
            "POST /graphql HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
            "POST  /graphql  HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
            "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
            "POST /graphql HTTP/1.1\r\nBad Header\r\nConnection: close\r\n\r\n",
            "\u0000\u0001\u0002\r\n\r\n",
            "GET /graphql?query=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ]))),
    };

    private HostileRequest GarbageBody()
    {
        var bytes = new byte[_random.Next(0, 3000)];
        _random.NextBytes(bytes);
        if (bytes.Length > 0 && _random.Next(2) == 0)
            bytes[0] = (byte)'{';
        return Raw("garbage body", "POST", Headers(Json, Auth()), bytes);
    }

    private HostileRequest MangledJson()
    {
        var json = JsonSerializer.Serialize(new { query = Pick(Documents), variables = new { id = "x", input = new { name = "n" } } });
        var chars = json.ToList();
        for (var edits = _random.Next(1, 6); edits > 0 && chars.Count > 0; edits--)
        {
            var at = _random.Next(chars.Count);
            switch (_random.Next(4))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, Pick(['"', '{', '}', '[', ']', ',', ':', '\\', '\u0000', '\uD800'])); break;
                case 2: chars.RemoveRange(at, chars.Count - at); break;
                default: chars.InsertRange(at, chars.GetRange(at, Math.Min(chars.Count - at, 20))); break;
            }
        }

        return Raw("mangled JSON", "POST", Headers(Json, Auth()), Encoding.UTF8.GetBytes(new string([.. chars])));
    }

    private HostileRequest WrongShapes()
    {
        var depth = _random.Next(10, 3000);
        var body = _random.Next(9) switch
        {
            0 => "{\"query\": 42}",
            1 => "{\"query\": [\"{ __typename }\"]}",
            2 => "{\"query\": \"{ __typename }\", \"variables\": \"{}\"}",
            3 => "{\"query\": \"{ __typename }\", \"variables\": " + new string('[', depth) + new string(']', depth) + "}",
            4 => "{\"query\": \"{ __typename }\", \"extensions\": " + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}",
            5 => "{\"query\": \"{ __typename }\", \"operationName\": {\"x\": 1}}",
            6 => "{\"documentId\": \"" + Pick(["sha256:", "sha256:zz", "md5:00", new string('a', 5000), "sha256:" + new string('0', 64)]) + "\"}",
            7 => "{\"query\": \"{ __typename }\", \"query\": \"mutation { x }\", \"variables\": {\"a\": 1e999999}}",
            _ => "[" + string.Join(",", Enumerable.Repeat("{\"query\": \"{ __typename }\"}", _random.Next(2, 50))) + "]",
        };
        return Raw("wrong JSON shape", "POST", Headers(Json, Auth()), Encoding.UTF8.GetBytes(body));
    }

    private HostileRequest MangledDocument()
    {
        string document;
        switch (_random.Next(6))
        {
            case 0:
                var n = _random.Next(50, 3000);
                document = string.Concat(Enumerable.Repeat("{ viewer ", n)) + new string('}', n);
                break;
            case 1:
                document = "{ viewer { name(" + string.Join(" ", Enumerable.Range(0, _random.Next(1, 500)).Select(i => $"a{i}: {i}")) + ") } }";
                break;
            case 2:
                document = "query { " + string.Join(" ", Enumerable.Range(0, _random.Next(1, 60)).Select(i => $"a{i}: viewer {{ id }}")) + " }";
                break;
            case 3:
                var levels = _random.Next(5, 400);
                document = "query { ...F0 } " + string.Concat(Enumerable.Range(0, levels).Select(i =>
                    $"fragment F{i} on Query {{ ...F{i + 1} {Pick(["", "@include(if: true)", "@skip(if: false)"])} ...F{i + 1} }} ")) +
                    $"fragment F{levels} on Query {{ viewer {{ id }} }}";
                break;
            case 4:
                document = string.Join(" ", Enumerable.Range(0, _random.Next(1, 200)).Select(_ => Pick(Fragments)));
                break;
            default:
                var tokens = Pick(Documents).Split(' ').ToList();
                for (var edits = _random.Next(1, 5); edits > 0 && tokens.Count > 0; edits--)
                {
                    var at = _random.Next(tokens.Count);
                    if (_random.Next(2) == 0)
                        tokens.RemoveAt(at);
                    else
                        tokens.Insert(at, Pick(Fragments));
                }

                document = string.Join(" ", tokens);
                break;
        }

        return Raw("mangled document", "POST", Headers(Json, Auth()), Body(document));
    }

    private HostileRequest HostileVariables()
    {
        var document = Pick(Documents);
        object? value = HostileValue(3);
        object variables = document.Contains("$input", StringComparison.Ordinal)
            ? new Dictionary<string, object?> { ["input"] = _random.Next(3) == 0 ? value : HostileInput() }
            : new Dictionary<string, object?> { ["id"] = value };
        return Raw("hostile variables", "POST", Headers(Json, Auth()), Body(document, variables));
    }

    private Dictionary<string, object?> HostileInput() => new()
    {
        ["name"] = HostileValue(1),
        ["title"] = HostileValue(1),
        ["boardId"] = HostileValue(1),
        ["columns"] = _random.Next(2) == 0 ? HostileValue(2) : Enumerable.Range(0, _random.Next(0, 40)).Select(_ => new { name = HostileValue(0), wipLimit = HostileValue(0) }).ToList(),
        ["swimlanes"] = HostileValue(2),
        [Pick(["unknown", "__proto__", "constructor", ""])] = HostileValue(1),
    };

    private object? HostileValue(int depth) => _random.Next(depth > 0 ? 14 : 11) switch
    {
        0 => null,
        1 => "",
        2 => string.Concat(Enumerable.Repeat(Pick(["a", "\u0000", "\u202E", "é", "😀"]), _random.Next(1, 30_000))),
        3 => Convert.ToBase64String(Encoding.UTF8.GetBytes(Pick(["Board:", "Card:", "Column:", "X:"]) + Pick(["", "not-a-guid", Guid.NewGuid().ToString(), "00000000-0000-0000-0000-000000000000", "1' OR '1'='1"]))),
        4 => _random.Next(),
        5 => -_random.NextDouble() * 1e300,
        6 => _random.Next(2) == 0,
        7 => "Q2FyZDo" + new string('=', _random.Next(1, 10)),
        8 => "'; DROP TABLE \"Cards\"; --",
        9 => long.MaxValue,
        10 => "\uD800\uDC00\uDBFF",
        11 => new[] { HostileValue(depth - 1), HostileValue(depth - 1) },
        12 => new Dictionary<string, object?> { ["a"] = HostileValue(depth - 1), ["$"] = HostileValue(depth - 1) },
        _ => Enumerable.Repeat<object?>(_random.Next(), _random.Next(100, 20_000)).ToList(),
    };

    private HostileRequest HostileQueryString()
    {
        var query = Uri.EscapeDataString(Pick(Documents));
        var path = _random.Next(6) switch
        {
            0 => $"/graphql?query={query}&variables={Uri.EscapeDataString("{\"id\":" + new string('[', _random.Next(1, 2000)))}",
            1 => $"/graphql?query={query}&query={query}",
            2 => $"/graphql?query=%{Pick(["", "Z", "ZZ", "C0%80", "FF"])}",
            3 => $"/graphql?documentId={Uri.EscapeDataString(Pick(["sha256:", "../../etc/passwd", new string('a', 3000)]))}",
            4 => "/graphql?query=" + Uri.EscapeDataString("mutation { createBoard(input: { name: \"get\" }) { board { id } } }"),
            _ => Pick(["/graphql/", "/graphql/schema.graphql", "/graphql%00", "/hangfire", "/hangfire/../graphql", "//graphql", "/graphql?" + new string('a', 9000)]),
        };
        return Raw("hostile query string", "GET", Headers(null, Auth()), [], path: path);
    }

    // Header values cannot hold line breaks without ending the header: keep the token on its line.
    private static string Header(string value) => value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);

    private const string Json = "application/json";

    private static string[] Headers(string? contentType, params string[] more) =>
        contentType is null ? more : [$"Content-Type: {contentType}", .. more];

    private static byte[] Body(string query, object? variables = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new { query, variables });

    private static HostileRequest Raw(string kind, string method, string[] headers, byte[] body, bool halfClose = false, string path = "/graphql")
    {
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var header in headers)
            head.Append(header).Append("\r\n");
        if (!headers.Any(h => h.StartsWith("Content-Length:", StringComparison.Ordinal) || h.StartsWith("Transfer-Encoding:", StringComparison.Ordinal)))
            head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("\r\n");
        return new HostileRequest(kind, [.. Encoding.UTF8.GetBytes(head.ToString()), .. body], halfClose);
    }
}
