namespace Subinterp.Runtime.Locating.Locators;

/// <summary>
/// One place Pythons are discovered in. Candidates are only paths: the aggregate probes them,
/// so a locator stays a cheap directory listing.
/// </summary>
internal interface ICandidateLocator
{
    /// <summary>Recorded as <see cref="PythonInstallation.Source"/>.</summary>
    string Source { get; }

    /// <summary>Where it looked, for an error message when nothing usable is found.</summary>
    string SearchedPlaces { get; }

    IEnumerable<PythonCandidate> FindCandidates();
}
