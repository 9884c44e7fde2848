using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KanbanCustomer.Benchmarks;

/// <summary>What the benchmarks share: the persistence services without the API, and throw-away PostgreSQL databases.</summary>
internal static class BenchmarkDatabases
{
    public const string PostgresVariable = "KANBAN_TEST_POSTGRES";
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=kanban;Password=kanban";

    /// <summary>The PostgreSQL server from <c>KANBAN_TEST_POSTGRES</c>, else the local default.</summary>
    public static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } configured ? configured : DefaultPostgres;

    public static ServiceProvider Services(string provider, string connection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Kanban"] = connection,
        }).Build();
        var services = new ServiceCollection();
        // EF logs the missing migrations table of a fresh database as an error; nothing else of its is news here.
        services.AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ICurrentActor>(SystemActor.Instance);
        services.AddSingleton<IWebhookDispatcher, NoDispatch>();
        services.AddKanbanPersistence(configuration);
        services.AddKanbanJobs(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Runs <paramref name="run"/> on a throw-away SQLite file (its connection string), deleted afterwards with its WAL
    /// files; or on the file <paramref name="reuse"/> names, or kept (<paramref name="keep"/>), said on the console.
    /// </summary>
    public static async Task OnSqliteAsync(string name, Func<string, Task> run, string? reuse = null, bool keep = false)
    {
        var file = reuse ?? Path.Combine(Path.GetTempPath(), $"kanban-{name}-{Guid.NewGuid():N}.db");
        try
        {
            await run($"Data Source={file}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep || reuse is not null)
            {
                Console.WriteLine($"Sqlite: kept {file}");
            }
            else
            {
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                    File.Delete(path);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> on a throw-away PostgreSQL database (its connection string), dropped afterwards; or
    /// on the database <paramref name="reuse"/> names, or kept (<paramref name="keep"/>). Skipped, with a line, when the
    /// server cannot be reached.
    /// </summary>
    public static async Task OnPostgresAsync(string name, Func<string, Task> run, string? reuse = null, bool keep = false)
    {
        var server = PostgresServer();
        var database = reuse ?? $"kanban_{name}_{Guid.NewGuid():N}";
        var connection = reuse is not null
            ? new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString
            : await TryCreatePostgresAsync(server, database);
        if (connection is null)
            return;
        try
        {
            await run(connection);
        }
        finally
        {
            if (keep || reuse is not null)
                Console.WriteLine($"Postgres: kept database {database}");
            else
                await DropPostgresAsync(server, database);
        }
    }

    public static async Task<string?> TryCreatePostgresAsync(string server, string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Timeout = 5, Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            Console.WriteLine($"PostgreSQL is not reachable at {admin.Host}:{admin.Port} ({ex.Message}); set {PostgresVariable}. Skipping it.");
            return null;
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    public static async Task DropPostgresAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class NoDispatch : IWebhookDispatcher
    {
        public void Dispatch(Guid deliveryId)
        {
        }
    }
}
