/// Internal: the two walks shared by the working clock and the plain clock.
///
/// A clock is described by `segments`: given an epoch second `t`, the next span `[a, b)` of
/// clock time that ends after `t` (with `a` possibly before `t`), or `nil` when there is none
/// before the walk's bound. Pauses are cut out of those spans. Both walks step span by span and
/// jump over whole pauses, never second by second.
enum ClockWalk {
    typealias Segments = (_ t: Int) throws(DomainError) -> (start: Int, end: Int)?

    /// The epoch second at which `amount` seconds of clock time, counted from `start` and not
    /// counting paused time, are used up. `amount == 0` gives `start`.
    static func advance(
        from start: Int, by amount: Int, pauses: PauseTimeline, segments: Segments
    ) throws(DomainError) -> Int {
        if amount == 0 { return start }
        var t = start
        var remaining = amount
        var index = 0
        let spans = pauses.spans
        while true {
            guard let segment = try segments(t) else {
                throw DomainError(.invalidValue, "no more clock time after epoch second \(t)")
            }
            t = max(t, segment.start)
            while index < spans.count && spans[index].end <= t { index += 1 }
            if index < spans.count && spans[index].start <= t {
                t = spans[index].end
                index += 1
                continue
            }
            let segmentEnd = index < spans.count ? min(segment.end, spans[index].start) : segment.end
            let length = segmentEnd - t
            if remaining <= length { return t + remaining }
            remaining -= length
            t = segmentEnd
        }
    }

    /// Seconds of clock time in `[start, end)` not covered by a pause.
    static func measure(
        from start: Int, to end: Int, pauses: PauseTimeline, segments: Segments
    ) throws(DomainError) -> Int {
        var t = start
        var total = 0
        var index = 0
        let spans = pauses.spans
        while t < end {
            guard let segment = try segments(t) else { break }
            t = max(t, segment.start)
            if t >= end { break }
            while index < spans.count && spans[index].end <= t { index += 1 }
            if index < spans.count && spans[index].start <= t {
                t = spans[index].end
                index += 1
                continue
            }
            var segmentEnd = min(segment.end, end)
            if index < spans.count { segmentEnd = min(segmentEnd, spans[index].start) }
            total += segmentEnd - t
            t = segmentEnd
        }
        return total
    }
}
