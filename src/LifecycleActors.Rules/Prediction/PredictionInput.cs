using System.Globalization;

namespace LifecycleActors.Rules.Prediction;

/// <summary>Argument checks shared by the prediction models; every message names the offending field.</summary>
internal static class PredictionInput
{
    /// <summary>Checks one summary; <paramref name="index"/> says which element of a list it is, for the message.</summary>
    public static void Check(PurchaseSummary customer, string paramName, int? index = null)
    {
        if (customer.Frequency >= 0 && customer.RecencyDays >= 0 && customer.RecencyDays <= customer.AgeDays && double.IsFinite(customer.AgeDays))
        {
            return;
        }

        var label = index is { } i ? $"{paramName}[{i}]." : "";
        if (customer.Frequency < 0)
        {
            throw new ArgumentException($"{label}Frequency must be ≥ 0 (got {customer.Frequency}).", paramName);
        }

        CheckNonNegative(customer.RecencyDays, $"{label}RecencyDays", paramName);
        CheckNonNegative(customer.AgeDays, $"{label}AgeDays", paramName);
        if (customer.RecencyDays > customer.AgeDays)
        {
            throw new ArgumentException(
                $"{label}RecencyDays ({Format(customer.RecencyDays)}) must not exceed AgeDays ({Format(customer.AgeDays)}).", paramName);
        }
    }

    public static void Check(BgNbdParameters parameters, string paramName)
    {
        ArgumentNullException.ThrowIfNull(parameters, paramName);
        CheckPositive(parameters.R, nameof(parameters.R), paramName);
        CheckPositive(parameters.Alpha, nameof(parameters.Alpha), paramName);
        CheckPositive(parameters.A, nameof(parameters.A), paramName);
        CheckPositive(parameters.B, nameof(parameters.B), paramName);
    }

    public static void Check(GammaGammaParameters parameters, string paramName)
    {
        ArgumentNullException.ThrowIfNull(parameters, paramName);
        CheckPositive(parameters.P, nameof(parameters.P), paramName);
        CheckPositive(parameters.Q, nameof(parameters.Q), paramName);
        CheckPositive(parameters.Gamma, nameof(parameters.Gamma), paramName);
    }

    public static void CheckNonNegative(double value, string field, string paramName)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{field} must be a finite number ≥ 0 (got {Format(value)}).", paramName);
        }
    }

    public static void CheckPositive(double value, string field, string paramName)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentException($"{field} must be a finite number > 0 (got {Format(value)}).", paramName);
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
