using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ToolBridge.Data.Sessions;

public static class DataProtectionKeyStoreExtensions
{
    /// <summary>Keeps the Data Protection keys in the ToolBridge database (<see cref="DataProtectionKeyStore"/>).</summary>
    public static IDataProtectionBuilder PersistKeysToToolBridgeDatabase(this IDataProtectionBuilder builder)
    {
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IDbContextFactory<ToolBridgeDbContext>>((options, dbFactory) => options.XmlRepository = new DataProtectionKeyStore(dbFactory));
        return builder;
    }
}
