namespace LifecycleActors.Ingestion;

/// <summary>How a batch body was judged as a whole, before any single event is looked at.</summary>
public enum BatchOutcome
{
    /// <summary>The body is an array of an acceptable size; each element was validated on its own.</summary>
    Parsed,

    /// <summary>The body is not valid UTF-8 JSON (HTTP 400).</summary>
    InvalidJson,

    /// <summary>The body is valid JSON but not an array (HTTP 400).</summary>
    NotAnArray,

    /// <summary>The body is an empty array (HTTP 400).</summary>
    Empty,

    /// <summary>The array holds more events than allowed (HTTP 413).</summary>
    TooManyEvents,
}
