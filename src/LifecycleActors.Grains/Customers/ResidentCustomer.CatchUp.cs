using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains;

/// <summary>Reading from the log what this customer has not applied.</summary>
public sealed partial class ResidentCustomer
{
    /// <summary>
    /// Applying entries read from the log: a snapshot is then not written part-way (writing one catches up first).
    /// </summary>
    private bool _applyingFromLog;

    /// <param name="readEntries">
    /// Read the entries straight away (on loading, when the log usually holds what is being delivered) rather than
    /// count them first (later, when everything is usually applied already).
    /// </param>
    private async Task CatchUpFromLogAsync(CancellationToken cancellationToken, bool readEntries = false)
    {
        // Usually everything in the log is applied already: the positions above the watermark are exactly those
        // this customer holds. Checking that reads the index only; the events are read only when something is missing.
        IReadOnlyList<LoggedEvent>? entries = null;
        int count;
        long last;
        if (readEntries)
        {
            entries = await _services.Log.ReadCustomerAsync(_tenant, _customerId, _applied.Watermark, cancellationToken);
            (count, last) = (entries.Count, entries.Count > 0 ? entries[^1].Position : 0);
        }
        else
        {
            (count, last) = await _services.Log.CountCustomerAsync(_tenant, _customerId, _applied.Watermark, cancellationToken);
        }

        if (_applied.IsMissingAny(count, last))
        {
            var missed = entries ?? await _services.Log.ReadCustomerAsync(_tenant, _customerId, _applied.Watermark, cancellationToken);
            _applyingFromLog = true;
            try
            {
                await ApplyAsync(missed);
            }
            finally
            {
                _applyingFromLog = false;
            }

            last = missed.Count > 0 ? missed[^1].Position : last;
        }

        // The log commits in position order, so everything of this customer up to the last entry seen is applied.
        if (count > 0)
        {
            _applied.AdvanceWatermark(last);
        }
    }
}
