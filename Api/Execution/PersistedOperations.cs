using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.PersistedDocuments;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace KanbanCustomer.Api.Execution;

/// <summary>Persisted operations (trusted documents), under <c>GraphQL:PersistedOperations:</c> (README, Persisted operations).</summary>
public sealed class PersistedOperationSettings
{
    public const string DefaultPath = "PersistedOperations";

    /// <summary>The folder of <c>*.graphql</c> files (and an optional <c>persisted-query-manifest.json</c>), relative to the content root.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>In Production, refuse every request that sends document text instead of a <c>documentId</c>.</summary>
    public bool OnlyPersistedInProduction { get; set; }
}

/// <summary>
/// The operations this server trusts, read once at start-up: id (<c>sha256:</c> + lowercase hex of the SHA-256 of the
/// normalised UTF-8 text) to document text. A malformed file, or a manifest id that does not match its body, stops the start.
/// </summary>
public sealed class PersistedOperations
{
    public const string ManifestFileName = "persisted-query-manifest.json";
    public const string Prefix = "sha256";

    private readonly Dictionary<string, Stored> _documents;

    private PersistedOperations(Dictionary<string, Stored> documents, Dictionary<string, string> sources)
    {
        _documents = documents;
        Sources = sources;
    }

    /// <summary>Each id and where it came from (a file's path in the folder, or a manifest entry).</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    public string? Find(string documentId) => _documents.GetValueOrDefault(documentId)?.Text;

    /// <summary>
    /// What is hashed and served: the text with a leading BOM removed and every CRLF or lone CR turned into LF, so a
    /// Windows checkout gives the same id as sha256sum over the LF file.
    /// </summary>
    public static string Normalise(string text) =>
        text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    public static string IdOf(string normalisedText) =>
        Prefix + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalisedText)));

    /// <summary>Reads the folder; a folder that is configured but missing is an error, the default one may be absent.</summary>
    public static PersistedOperations Load(string contentRoot, PersistedOperationSettings settings, bool pathConfigured)
    {
        var folder = System.IO.Path.GetFullPath(settings.Path, contentRoot);
        var documents = new Dictionary<string, Stored>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            if (pathConfigured)
                throw Problem($"the folder '{settings.Path}' does not exist under the content root.");
            return new PersistedOperations(documents, sources);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.graphql", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/');
            var text = Normalise(File.ReadAllText(file, Encoding.UTF8));
            Add(documents, sources, IdOf(text), text, name);
        }

        var manifest = System.IO.Path.Combine(folder, ManifestFileName);
        if (File.Exists(manifest))
            ReadManifest(manifest, documents, sources);

        return new PersistedOperations(documents, sources);
    }

    /// <summary>
    /// Validates every operation, as parsed at load, against the schema (the specification's rules; variable values
    /// and this server's limits are checked per request). A stored operation the schema cannot run is a deployment
    /// error, not a surprise for the first client that sends its id.
    /// </summary>
    public async Task<IReadOnlyList<string>> ProblemsAgainstAsync(ISchema schema, CancellationToken cancellationToken)
    {
        schema.Initialize();
        var validator = new DocumentValidator();
        var problems = new List<string>();
        foreach (var (id, stored) in _documents.OrderBy(d => Sources[d.Key], StringComparer.Ordinal))
        {
            var document = stored.Document;
            foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
            {
                var result = await validator.ValidateAsync(new ValidationOptions
                {
                    Schema = schema,
                    Document = document,
                    Operation = operation,
                    Rules = DocumentValidator.CoreRules,
                    Variables = Inputs.Empty,
                    Extensions = Inputs.Empty,
                    UserContext = new Dictionary<string, object?>(),
                    RequestServices = null,
                    CancellationToken = cancellationToken,
                });
                // Missing variable values are the request's business, not the document's.
                problems.AddRange(result.Errors.Where(e => e is not InvalidVariableError)
                    .Select(e => $"{Sources[id]}: {e.Message}"));
            }
        }

        return problems;
    }

    private static void ReadManifest(string path, Dictionary<string, Stored> documents, Dictionary<string, string> sources)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (JsonException ex)
        {
            throw Problem($"{ManifestFileName} is not JSON: {ex.Message}");
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("operations", out var operations)
                || operations.ValueKind != JsonValueKind.Array)
            {
                throw Problem($"{ManifestFileName} needs an 'operations' array of {{ id, body }}.");
            }

            var index = 0;
            foreach (var operation in operations.EnumerateArray())
            {
                var where = $"{ManifestFileName}, operations[{index++}]";
                if (operation.ValueKind != JsonValueKind.Object
                    || !operation.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                    || !operation.TryGetProperty("body", out var bodyElement) || bodyElement.ValueKind != JsonValueKind.String)
                {
                    throw Problem($"{where} needs a string 'id' and a string 'body'.");
                }

                var body = Normalise(bodyElement.GetString()!);
                var id = IdOf(body);
                // Apollo's manifests carry the bare hex; a prefixed id is accepted too.
                var given = idElement.GetString()!;
                if (given != id && Prefix + ":" + given != id)
                    throw Problem($"{where}: the id '{given}' is not the SHA-256 of its body ({id}).");
                Add(documents, sources, id, body, where);
            }
        }
    }

    private static void Add(Dictionary<string, Stored> documents, Dictionary<string, string> sources, string id, string text, string source)
    {
        // The same text twice (a file and a manifest entry) is one document, parsed once.
        if (!documents.ContainsKey(id))
            documents[id] = new Stored(text, Parse(text, source));
        sources.TryAdd(id, source);
    }

    private static GraphQLDocument Parse(string text, string source)
    {
        GraphQLDocument document;
        try
        {
            document = GraphQLParser.Parser.Parse(text);
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException ex)
        {
            throw Problem($"{source} is not a valid GraphQL document: {ex.Message}");
        }

        return document.Definitions.Any(d => d is GraphQLOperationDefinition) ? document : throw Problem($"{source} holds no operation.");
    }

    /// <summary>An operation's text, as served, and its document, parsed once at load and validated from it.</summary>
    private sealed record Stored(string Text, GraphQLDocument Document);

    private static InvalidOperationException Problem(string message) =>
        new($"GraphQL:PersistedOperations: {message}");
}

/// <summary>GraphQL.NET's loader over <see cref="PersistedOperations"/>: a dictionary look-up, no I/O per request.</summary>
public sealed class PersistedOperationLoader(PersistedOperations operations) : IPersistedDocumentLoader
{
    public ValueTask<string?> GetQueryAsync(string? documentIdPrefix, string documentIdPayload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(operations.Find(documentIdPrefix + ":" + documentIdPayload));
}

/// <summary>Stops the start when a persisted operation does not validate against the schema.</summary>
public sealed class PersistedOperationsCheck(PersistedOperations operations, ISchema schema) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = await operations.ProblemsAgainstAsync(schema, cancellationToken);
        if (problems.Count > 0)
            throw new InvalidOperationException("GraphQL:PersistedOperations: operations the schema cannot run:\n" + string.Join("\n", problems));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
