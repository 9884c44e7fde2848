using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// One request as bytes on the wire, and what kind of hostility it carries (for failure messages); <paramref name="HalfClose"/>
/// ends the sending side after the bytes, <paramref name="Leave"/> drops the connection without waiting for an answer.
/// </summary>
public sealed record HostileRequest(string Kind, byte[] Bytes, bool HalfClose = false, bool Leave = false);

/// <summary>What came back for a <see cref="HostileRequest"/>: the status (0 when the server closed without one) and the text.</summary>
public sealed record HostileAnswer(int Status, string Text, TimeSpan Elapsed);

/// <summary>
/// A seeded generator of hostile HTTP requests to <c>/graphql</c>: malformed framing and headers, garbage and near-miss JSON,
/// mangled and oversized GraphQL documents, variables of every wrong type, and JWTs forged, unsigned, or signed with claims
/// of the wrong shape. The same seed gives the same requests, so a failure can be replayed. Used by the fuzz test and by
/// the benchmark's memory check.
/// </summary>
public sealed partial class HostileRequests(int seed, Func<string, string> tokenFor, byte[] signingKey, string issuer)
{
    private readonly Random _random = new(seed);

    public IEnumerable<HostileRequest> Take(int count)
    {
        for (var i = 0; i < count; i++)
            yield return Next();
    }

    public HostileRequest Next() => _random.Next(10) switch
    {
        0 => Framing(),
        1 => GarbageBody(),
        2 => MangledJson(),
        3 => WrongShapes(),
        4 or 5 => MangledDocument(),
        6 or 7 => HostileVariables(),
        8 => HostileToken(),
        _ => HostileQueryString(),
    };

    /// <summary>Sends one request on a new connection (the server closes it after answering) and reads the whole answer.</summary>
    public static async Task<HostileAnswer> SendAsync(string host, int port, HostileRequest request, TimeSpan deadline)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(deadline);
        var received = new MemoryStream();
        try
        {
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(request.Bytes, timeout.Token);
            if (request.HalfClose)
                client.Client.Shutdown(SocketShutdown.Send);
            if (request.Leave)
                return new HostileAnswer(0, "", clock.Elapsed);
            var buffer = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // Reset by the server after its answer (or instead of one): what was read is the answer.
        }
        catch (SocketException)
        {
        }
        catch (OperationCanceledException)
        {
            // The deadline passed: what was read is the answer, and the elapsed time says how long it took.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && text.Length >= 12 &&
            int.TryParse(text.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
        return new HostileAnswer(status, text, clock.Elapsed);
    }

    private HostileRequest HostileToken()
    {
        string token = _random.Next(7) switch
        {
            0 => Convert.ToBase64String(RandomNumberGenerator.GetBytes(_random.Next(1, 500))),
            1 => string.Join(".", Enumerable.Range(0, _random.Next(1, 6)).Select(_ => Base64Url(RandomNumberGenerator.GetBytes(_random.Next(0, 200))))),
            2 => Unsigned(Pick(["none", "HS512", "RS256", "ES256", "", "HS256"])),
            3 => Signed(new Dictionary<string, object?> { ["sub"] = HostileValue(1), ["iss"] = issuer, ["exp"] = Now() + 3600, ["name"] = HostileValue(1) }),
            4 => Signed(new Dictionary<string, object?> { ["sub"] = "fuzz", ["iss"] = issuer, ["exp"] = HostileValue(0), ["nbf"] = HostileValue(0) }),
            5 => Signed(new Dictionary<string, object?> { ["sub"] = "fuzz", ["iss"] = HostileValue(0), ["exp"] = Now() + 3600 }),
            _ => tokenFor("fuzz") + Pick(["x", ".", "..", "", " ", "\t"]),
        };
        var scheme = Pick(["Bearer ", "bearer ", "Bearer  ", "Basic ", "", "Bearer\t"]);
        return Raw("hostile token", "POST", Headers(Json, $"Authorization: {scheme}{Header(token)}"), Body(Pick(Documents)));
    }

    private string Signed(Dictionary<string, object?> claims)
    {
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = Base64Url(HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    private string Unsigned(string algorithm) =>
        Base64Url(Encoding.UTF8.GetBytes($"{{\"alg\":\"{algorithm}\",\"typ\":\"JWT\"}}")) + "." +
        Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { sub = "fuzz", iss = issuer, exp = Now() + 3600 })) + "." +
        Pick(["", Base64Url(RandomNumberGenerator.GetBytes(32))]);

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string Auth() => $"Authorization: Bearer {tokenFor("fuzz-" + _random.Next(4).ToString(CultureInfo.InvariantCulture))}";

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
