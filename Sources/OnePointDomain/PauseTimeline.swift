/// Internal: pauses as sorted, merged, non-empty `[start, end)` spans of epoch seconds.
struct PauseTimeline {
    /// Disjoint spans in ascending order; touching spans are merged.
    let spans: [(start: Int, end: Int)]

    init(_ pauses: [Pause]) throws(DomainError) {
        var raw: [(start: Int, end: Int)] = []
        raw.reserveCapacity(pauses.count)
        for pause in pauses {
            let start = try EpochSeconds.of(pause.start, "pause start")
            let end = try EpochSeconds.of(pause.end, "pause end")
            guard end >= start else {
                throw DomainError(.invalidInterval, "pause from \(pause.start) ends before it starts (end \(pause.end))")
            }
            if end > start { raw.append((start, end)) }
        }
        raw.sort { $0.start < $1.start }
        var merged: [(start: Int, end: Int)] = []
        for span in raw {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        spans = merged
    }
}
