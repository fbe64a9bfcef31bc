namespace ToolBridge.Bench;

/// <summary>
/// What a cell cost the machine over its measured seconds. CPU is in percent of one core (top's way: 200 % is both cores
/// of a 2-core machine busy); <see cref="MachineCpu"/> is every process, so what it has beyond app + PostgreSQL + load
/// generator is other work on the machine.
/// </summary>
public sealed record Resources(double AppCpu, double LoadGeneratorCpu, double PostgresCpu, double MachineCpu, double AppPeakRssMb)
{
    /// <summary>What the rest of the machine used meanwhile: other work competing for the same cores.</summary>
    public double OtherCpu => Math.Max(0, MachineCpu - AppCpu - LoadGeneratorCpu - PostgresCpu);
}
