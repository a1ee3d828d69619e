namespace LifecycleActors.Storage.Campaigns;

/// <summary>Campaigns, their campaign entries, and the agents' tasks.</summary>
public interface ICampaignStore
{
    /// <summary>The campaigns of a tenant, or of every tenant when <paramref name="tenant"/> is null.</summary>
    Task<IReadOnlyList<StoredCampaign>> CampaignsAsync(string? tenant, CancellationToken cancellationToken);

    /// <summary>Stores a new campaign; false when the tenant already has one with this id.</summary>
    Task<bool> CreateAsync(StoredCampaign campaign, CancellationToken cancellationToken);

    /// <summary>Pauses or resumes; false when there is no such campaign.</summary>
    Task<bool> SetPausedAsync(string tenant, string campaignId, bool paused, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds the entries not there yet (a transition handed over again changes nothing); answers how many were new.</summary>
    Task<int> EnterAsync(IReadOnlyList<NewCampaignEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Pending entries of a campaign due at or before <paramref name="now"/> (the tenant's clock) whose retry time, if
    /// any, has come (<paramref name="wallClock"/>), earliest first.
    /// </summary>
    Task<IReadOnlyList<CampaignEntryRow>> DueAsync(
        string tenant, string campaignId, DateTimeOffset now, DateTimeOffset wallClock, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest due time among the campaign's pending entries.</summary>
    Task<DateTimeOffset?> NextDueAsync(string tenant, string campaignId, CancellationToken cancellationToken);

    Task UpdateAsync(CampaignEntryUpdate update, CancellationToken cancellationToken);

    /// <summary>
    /// Sends to a customer since <paramref name="since"/>: of one campaign, or (<paramref name="campaignId"/> null)
    /// the messages of all the tenant's campaigns.
    /// </summary>
    Task<int> CountSentAsync(string tenant, string? campaignId, string customerId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Every entry of a campaign (for its statistics).</summary>
    Task<IReadOnlyList<CampaignEntryRow>> EntriesAsync(string tenant, string campaignId, string? status, int limit, CancellationToken cancellationToken);

    /// <summary>The orders of the customers who entered a campaign, from the event log.</summary>
    Task<IReadOnlyList<CampaignOrderRow>> OrdersOfEnteredAsync(string tenant, string campaignId, CancellationToken cancellationToken);

    /// <summary>Puts a dead-lettered or failed entry back to pending with fresh attempts; false when it was neither.</summary>
    Task<bool> RetryDeadLetterAsync(string tenant, string campaignId, string customerId, long sequence, CancellationToken cancellationToken);

    /// <summary>Adds a task unless it exists; false when it did.</summary>
    Task<bool> AddTaskAsync(AgentTaskRow task, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentTaskRow>> TasksAsync(string tenant, string? status, int limit, CancellationToken cancellationToken);

    Task<AgentTaskRow?> TaskAsync(string tenant, string taskId, CancellationToken cancellationToken);

    /// <summary>Moves a task from <paramref name="from"/> to <paramref name="to"/>; false when it was not in <paramref name="from"/>.</summary>
    Task<bool> MoveTaskAsync(string tenant, string taskId, string from, string to, string agent, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One customer's entries in every campaign and its tasks, oldest first: what its export shows.</summary>
    Task<CustomerCampaignHistory> CustomerHistoryAsync(string tenant, string customerId, CancellationToken cancellationToken);
}
