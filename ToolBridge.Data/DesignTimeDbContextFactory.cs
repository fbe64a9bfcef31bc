using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ToolBridge.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the app; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ToolBridgeDbContext>
{
    public ToolBridgeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ToolBridgeDbContext>();
        options.UseToolBridgeDatabase("Host=localhost;Database=toolbridge");
        return new ToolBridgeDbContext(options.Options);
    }
}
