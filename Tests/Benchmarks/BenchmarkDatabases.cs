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
