using JasperFx;
using Marten;

namespace Kam.EventStore.Store;

/// <summary>
/// Who changes the database schema. In Development and Testing the service creates and migrates it as it goes. Everywhere
/// else it is applied once per deployment, by <c>db-apply</c> (one process, before any instance starts), and an instance
/// only checks on start that the schema matches its code and refuses to start when it does not: several instances
/// starting together must not race to migrate it, and the running service needs no right to change it.
/// </summary>
public static class SchemaPolicy
{
    public static bool AppliedAtDeployment(IHostEnvironment environment) => !AuthSettings.IsDevelopmentLike(environment);

    public static StoreOptions ApplySchemaPolicy(this StoreOptions options, IHostEnvironment environment)
    {
        if (AppliedAtDeployment(environment))
        {
            options.AutoCreateSchemaObjects = AutoCreate.None;
        }

        return options;
    }
}
