using System.Security.Claims;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace KanbanCustomer.Api.Hosting;

/// <summary>
/// Hangfire on the product's own database: SQL Server and PostgreSQL keep the jobs in a schema of their own, the
/// embedded SQLite default keeps them in memory (one process; recurring jobs are registered again at every start).
/// Every API process runs a server unless <c>Hangfire:Enabled</c> is false.
/// </summary>
public static class HangfireSetup
{
    public static IServiceCollection AddKanbanHangfire(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = HangfireSettings.From(configuration, environment);
        services.AddSingleton(settings);

        // Registered ahead of AddHangfire, whose fallbacks read process-wide statics (one host per process is not a given: tests run several).
        services.AddSingleton(_ => CreateStorage(configuration));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (settings.Enabled)
            services.AddHangfireServer(o => o.SchedulePollingInterval = settings.SchedulePollingInterval);
        if (settings.Dashboard)
            services.AddDashboardSignIn(environment);
        return services;
    }

    /// <summary>Registers the recurring jobs (where a server runs) and maps the dashboard (where it is on).</summary>
    public static void UseKanbanHangfire(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<HangfireSettings>();
        if (settings.Enabled)
        {
            // Hangfire logs through a process-wide provider, which its global configuration points at this host's
            // loggers when first resolved. Resolved before the job manager asks for a logger: otherwise it used whatever
            // the provider was (nothing yet, or, where tests run several hosts, another host's disposed loggers).
            app.Services.GetRequiredService<IGlobalConfiguration>();
            var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
            recurring.AddOrUpdate<StaleScanJob>(StaleScanJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), settings.StaleScanCron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        if (settings.Dashboard)
        {
            app.UseDashboardSignIn(settings.DashboardUsers);
            app.UseHangfireDashboard(HangfireSettings.DashboardPath, new DashboardOptions
            {
                DashboardTitle = "KanbanCustomer jobs",
                DisplayStorageConnectionString = false,
                Authorization = [],
                AsyncAuthorization = [new DashboardUsersFilter(settings.DashboardUsers)],
            });
        }
    }

    private static JobStorage CreateStorage(IConfiguration configuration)
    {
        var connection = configuration.GetConnectionString("Kanban");
        switch (PersistenceSetup.ProviderFrom(configuration))
        {
            case DatabaseProvider.SqlServer:
                return new SqlServerStorage(() => new Microsoft.Data.SqlClient.SqlConnection(connection), new SqlServerStorageOptions());
            case DatabaseProvider.Postgres:
                // Off by default: a job running longer than the invisibility timeout would be fetched again by another worker.
                var options = new PostgreSqlStorageOptions { UseSlidingInvisibilityTimeout = true };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connection, options), options);
            default:
                return new InMemoryStorage(new InMemoryStorageOptions());
        }
    }
}

/// <summary>
/// Admits a request to the dashboard only for a user listed in <c>Hangfire:DashboardUsers</c>, signed in with a valid
/// bearer token (the API's own scheme) or with the dashboard's sign-in cookie (<see cref="DashboardSignIn"/>). Never
/// anonymous, from anywhere: 401 without credentials, 403 for others.
/// </summary>
public sealed class DashboardUsersFilter(IReadOnlySet<string> users) : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var result = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded && !http.Request.Headers.ContainsKey("Authorization"))
            result = await http.AuthenticateAsync(DashboardSignIn.Scheme);
        if (!result.Succeeded)
        {
            // Hangfire answers 401 for an unauthenticated user, 403 for an authenticated one.
            http.User = new ClaimsPrincipal(new ClaimsIdentity());
            http.Response.Headers.WWWAuthenticate = JwtBearerDefaults.AuthenticationScheme;
            return false;
        }

        http.User = result.Principal;
        return result.Principal.FindFirstValue("sub") is { } sub && users.Contains(sub);
    }
}
