namespace LifecycleActors.Cli.Output;

/// <summary>Rows of label, value and unit, with labels left-aligned and values right-aligned so that numbers line up.</summary>
internal sealed class AlignedTable
{
    private readonly List<(string Label, string Value, string Unit)> _rows = [];

    public AlignedTable Row(string label, string value, string unit = "")
    {
        _rows.Add((label, value, unit));
        return this;
    }

    public void WriteTo(TextWriter output)
    {
        var labelWidth = _rows.Max(r => r.Label.Length);
        var valueWidth = _rows.Max(r => r.Value.Length);
        foreach (var (label, value, unit) in _rows)
        {
            output.WriteLine($"{label.PadRight(labelWidth)}  {value.PadLeft(valueWidth)}{(unit.Length > 0 ? " " + unit : "")}");
        }
    }
}
