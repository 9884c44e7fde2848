using System.Text.Json;

namespace KanbanCustomer.Infrastructure.Export;

/// <summary>Reads an uploaded board file: at most a limit of bytes, valid JSON, this format, a version this server reads, then the rows.</summary>
public static class BoardFileReader
{
    /// <summary>The body, refused with <see cref="ImportException.TooLarge"/> as soon as it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadBodyAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw new ImportException(ImportException.TooLarge, $"The file is larger than the limit of {maxBytes} bytes (Export:MaxImportBytes).");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The file's content; the format and version are checked before the rows, so a newer file is named as such.</summary>
    public static BoardFileContent Parse(ReadOnlySpan<byte> utf8)
    {
        var (format, version) = Header(utf8);
        if (format != BoardFile.Format)
            throw ImportException.Invalid("$.format", $"This is not a board file: \"format\" must be \"{BoardFile.Format}\".");
        if (version is not { } v || v < 1)
            throw ImportException.Invalid("$.version", "The file has no valid format version.");
        if (v > BoardFile.Version)
        {
            throw new ImportException(ImportException.UnsupportedVersion,
                $"The file is format version {v}; this server reads versions up to {BoardFile.Version}.", "$.version");
        }

        try
        {
            return JsonSerializer.Deserialize<BoardFileContent>(utf8, BoardFile.Json)
                   ?? throw ImportException.Invalid("$", "The file holds no board.");
        }
        catch (JsonException ex)
        {
            throw ImportException.Invalid(ex.Path ?? "$", "The file does not match the board format: " + FirstSentence(ex.Message));
        }
    }

    /// <summary>Walks the whole document once (so a file cut short is refused here) and picks the top-level format and version.</summary>
    private static (string? Format, int? Version) Header(ReadOnlySpan<byte> utf8)
    {
        string? format = null;
        int? version = null;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw ImportException.Invalid("$", "The file is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "format" && reader.TokenType == JsonTokenType.String)
                    format = reader.GetString();
                else if (name == "version" && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
                    version = number;
                else
                    reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                throw ImportException.Invalid("$", "The file is not one JSON object.");
        }
        catch (JsonException ex)
        {
            throw ImportException.Invalid("$", $"The file is not valid JSON (cut short or damaged near line {ex.LineNumber + 1}).");
        }

        return (format, version);
    }

    private static string FirstSentence(string message) => message.Split(". Path:", 2)[0].TrimEnd('.') + ".";
}
