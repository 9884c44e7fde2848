namespace KanbanCustomer.Infrastructure.Export;

/// <summary>A refused import: a code for the client, and the JSON path of what was wrong when there is one. Nothing was written.</summary>
public sealed class ImportException : Exception
{
    /// <summary>The file is not a board file, is cut short, or breaks a reference or a rule of the domain.</summary>
    public const string InvalidFile = "INVALID_IMPORT_FILE";

    /// <summary>The file comes from a newer version of the format than this server reads.</summary>
    public const string UnsupportedVersion = "UNSUPPORTED_FORMAT_VERSION";

    /// <summary>The file is larger than <c>Export:MaxImportBytes</c>.</summary>
    public const string TooLarge = "IMPORT_TOO_LARGE";

    public ImportException(string code, string message, string? path = null)
        : base(message)
    {
        Code = code;
        Path = path;
    }

    public ImportException() : this(InvalidFile, "The import was refused.") { }

    public ImportException(string message) : this(InvalidFile, message) { }

    public ImportException(string message, Exception innerException) : base(message, innerException) => Code = InvalidFile;

    public string Code { get; }

    public string? Path { get; }

    public static ImportException Invalid(string path, string message) => new(InvalidFile, message, path);
}
