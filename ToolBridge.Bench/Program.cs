using Npgsql;
using ToolBridge.Bench;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

try
{
    return await BenchRun.RunAsync(options);
}
catch (Exception exception) when (exception is InvalidOperationException or NpgsqlException or HttpRequestException or IOException)
{
    // What went wrong is the message; the stack goes to the end for whoever needs it.
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(exception);
    return 1;
}
