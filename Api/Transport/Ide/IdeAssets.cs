using System.IO.Compression;
using System.Security.Cryptography;

namespace KanbanCustomer.Api.Transport.Ide;

/// <summary>
/// The IDE's built files (tools/graphiql/build.sh writes them; the assembly embeds them): each under a URL that holds
/// its content hash, so a browser may keep it for a year, with a gzip copy made once for clients that accept it.
/// </summary>
public sealed class IdeAssets
{
    public const string Script = "graphiql.js";
    public const string Styles = "graphiql.css";
    public const string Licences = "THIRD-PARTY-LICENSES.txt";

    private readonly Dictionary<string, IdeAsset> _assets;

    public IdeAssets()
    {
        _assets = new Dictionary<string, IdeAsset>(StringComparer.Ordinal)
        {
            [Script] = Load(Script, "text/javascript; charset=utf-8"),
            [Styles] = Load(Styles, "text/css; charset=utf-8"),
            [Licences] = Load(Licences, "text/plain; charset=utf-8"),
        };
    }

    /// <summary>The path of a file under the IDE's base path, e.g. <c>/graphql/ide/1a2b.../graphiql.js</c>.</summary>
    public string PathOf(string name) => $"{_assets[name].Hash}/{name}";

    public IdeAsset? Find(string hash, string name) =>
        _assets.TryGetValue(name, out var asset) && asset.Hash == hash ? asset : null;

    private static IdeAsset Load(string name, string contentType)
    {
        using var stream = typeof(IdeAssets).Assembly.GetManifestResourceStream("ide/" + name)
            ?? throw new InvalidOperationException($"The GraphQL IDE's {name} is not embedded; run tools/graphiql/build.sh.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return new IdeAsset(contentType, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
    }
}

/// <summary>One built file: its bytes, their hash (in its URL and its ETag), and a gzip copy made on first use.</summary>
public sealed class IdeAsset(string contentType, byte[] bytes, string hash)
{
    private readonly Lazy<byte[]> _gzip = new(() =>
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
            gzip.Write(bytes);
        return buffer.ToArray();
    });

    public string ContentType => contentType;

    public byte[] Bytes => bytes;

    public string Hash => hash;

    public byte[] Gzip => _gzip.Value;
}
