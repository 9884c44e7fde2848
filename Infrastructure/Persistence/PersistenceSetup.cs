using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Infrastructure.Persistence;

public static class PersistenceSetup
{
    public const string DefaultSqliteConnection = "Data Source=kanban.db";

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var name = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(name))
            return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{name}' is unknown; use Sqlite, SqlServer or Postgres.");
    }

    /// <summary>
    /// Registers <see cref="KanbanDbContext"/> for the configured provider: the context is scoped (one per request), its
    /// options are built once. Scoped options re-ran this setup for every request (the connection string parsed again,
    /// EF's service provider looked up by the options' hash): about a third of a one-statement request's CPU.
    /// </summary>
    public static IServiceCollection AddKanbanPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = ProviderFrom(configuration);
        var connection = configuration.GetConnectionString("Kanban");
        services.AddSingleton<DataVersion>();
        services.AddSingleton<IInterceptor, DataVersionInterceptor>();
        services.AddSingleton(sp => new ReadConnections(sp, provider, provider switch
        {
            DatabaseProvider.Sqlite => connection ?? DefaultSqliteConnection,
            DatabaseProvider.Postgres => ReadPool(Tuned(Require(connection, provider)), configuration),
            _ => "",
        }));
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                SqliteProcessSettings.Apply();
                services.AddDbContext<KanbanDbContext, SqliteKanbanDbContext>((sp, o) => WithInterceptors(sp, UseSqlite(o, connection ?? DefaultSqliteConnection)), optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<KanbanDbContext, SqlServerKanbanDbContext>((sp, o) => WithInterceptors(sp, UseSqlServer(o, Require(connection, provider))), optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<KanbanDbContext, PostgresKanbanDbContext>((sp, o) => WithInterceptors(sp, UseNpgsql(o, Require(connection, provider))), optionsLifetime: ServiceLifetime.Singleton);
                break;
        }

        return services;
    }

    /// <summary>Interceptors registered in DI join every context (diagnostics, the tests' SQL command counter).</summary>
    private static void WithInterceptors(IServiceProvider services, DbContextOptionsBuilder options)
    {
        var interceptors = services.GetServices<IInterceptor>().ToList();
        if (interceptors.Count > 0)
            options.AddInterceptors(interceptors);
    }

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder options, string connection) =>
        options.UseSqlite(connection, o => o.MigrationsAssembly(typeof(KanbanDbContext).Assembly.FullName))
            .AddInterceptors(SqliteUnicodeLower.Instance);

    internal static DbContextOptionsBuilder UseSqlServer(DbContextOptionsBuilder options, string connection) =>
        options.UseSqlServer(connection, o => o.MigrationsAssembly(typeof(KanbanDbContext).Assembly.FullName));

    internal static DbContextOptionsBuilder UseNpgsql(DbContextOptionsBuilder options, string connection) =>
        options.UseNpgsql(Tuned(connection), o => o.MigrationsAssembly(typeof(KanbanDbContext).Assembly.FullName));

    /// <summary>
    /// Npgsql's own statement preparation (the same few shapes repeat on every request: planned once per connection,
    /// not per statement), no session reset when EF hands a connection back between the statements of one request
    /// (nothing here sets session state), and no TLS to a server on this machine's loopback address (the bytes never
    /// leave the host; encrypting them was a fifth of the API's CPU on the one-board query). Each stays as the
    /// connection string says when it names the key. docs/performance.md has the measurements.
    /// </summary>
    public static string Tuned(string connection)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        if (!Names(given, "Max Auto Prepare", "MaxAutoPrepare"))
            builder.MaxAutoPrepare = 64;
        if (!Names(given, "No Reset On Close", "NoResetOnClose"))
            builder.NoResetOnClose = true;
        if (!Names(given, "SSL Mode", "SslMode") && IsLoopback(builder.Host))
            builder.SslMode = Npgsql.SslMode.Disable;
        return builder.ConnectionString;
    }

    /// <summary>
    /// The compiled reads' own Npgsql pool: at most <c>Database:ReadPoolSize</c> connections (default twice this
    /// machine's cores), unless the connection string names a maximum. More reads at once only queue inside
    /// PostgreSQL, as runnable processes the scheduler time-slices: with 16 clients on 2 cores, a pool of 4 took the
    /// one-board p99 from 8-18x its p50 to 2.4-3.9x and the throughput up by a tenth (docs/performance.md). A read
    /// waits for a free connection within the request's time.
    /// </summary>
    public static string ReadPool(string connection, IConfiguration configuration)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
        if (Names(given, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
            return connection;
        var size = configuration.GetValue("Database:ReadPoolSize", 2 * Environment.ProcessorCount);
        if (size < 1)
            throw new InvalidOperationException("Database:ReadPoolSize must be at least 1.");
        return new Npgsql.NpgsqlConnectionStringBuilder(connection) { MaxPoolSize = size }.ConnectionString;
    }

    private static bool Names(System.Data.Common.DbConnectionStringBuilder given, params string[] keys) => keys.Any(given.ContainsKey);

    /// <summary>Every host the connection may use is this machine's loopback (Host may list several, comma-separated).</summary>
    private static bool IsLoopback(string? hosts) =>
        !string.IsNullOrWhiteSpace(hosts) && hosts.Split(',').All(h =>
        {
            var host = h.Trim();
            var colon = host.LastIndexOf(':');
            if (colon > 0 && !host.StartsWith('[') && host.IndexOf(':') == colon)
                host = host[..colon]; // host:port
            host = host.Trim('[', ']');
            return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
        });

    private static string Require(string? connection, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connection)
            ? throw new InvalidOperationException($"Database:Provider {provider} needs ConnectionStrings:Kanban.")
            : connection;
}

/// <summary>Lets <c>dotnet ef</c> build each provider's context without a running server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKanbanDbContext>
{
    public SqliteKanbanDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteKanbanDbContext>)PersistenceSetup.UseSqlite(new DbContextOptionsBuilder<SqliteKanbanDbContext>(), PersistenceSetup.DefaultSqliteConnection).Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerKanbanDbContext>
{
    public SqlServerKanbanDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<SqlServerKanbanDbContext>)PersistenceSetup.UseSqlServer(new DbContextOptionsBuilder<SqlServerKanbanDbContext>(), "Server=localhost;Database=Kanban;Integrated Security=true;TrustServerCertificate=true").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKanbanDbContext>
{
    public PostgresKanbanDbContext CreateDbContext(string[] args) =>
        new((DbContextOptions<PostgresKanbanDbContext>)PersistenceSetup.UseNpgsql(new DbContextOptionsBuilder<PostgresKanbanDbContext>(), "Host=localhost;Database=kanban").Options);
}
