namespace KanbanCustomer.Api.Export;

/// <summary><c>Export:MaxImportBytes</c>: the largest board file <c>POST /boards/import</c> reads (default 200 MB).</summary>
public sealed record ExportSettings(long MaxImportBytes)
{
    public const long DefaultMaxImportBytes = 200L * 1024 * 1024;

    public static ExportSettings From(IConfiguration configuration)
    {
        var max = configuration.GetValue("Export:MaxImportBytes", DefaultMaxImportBytes);
        if (max < 1)
            throw new InvalidOperationException("Export:MaxImportBytes must be at least 1.");
        return new ExportSettings(max);
    }
}
