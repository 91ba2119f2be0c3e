import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking `GET` on the loopback interface, for a benchmark's readiness checks.
enum HTTPProbe {
    /// The status code `GET path` answers on `127.0.0.1:port`, or `nil` when nothing answers.
    static func status(port: Int, path: String) -> Int? {
        get(port: port, path: path, whole: false)?.status
    }

    /// The body `GET path` answers on `127.0.0.1:port` with 200, or `nil`.
    static func body(port: Int, path: String) -> String? {
        guard let (status, response) = get(port: port, path: path, whole: true), status == 200,
            let end = response.range(of: "\r\n\r\n")
        else { return nil }
        return String(response[end.upperBound...])
    }

    /// `GET path`: the status and what was read of the response (its first bytes, or all of it
    /// when `whole`: the request asks the server to close the connection after it).
    private static func get(port: Int, path: String, whole: Bool) -> (status: Int, response: String)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: whole ? 65_536 : 64)
        while true {
            let read = recv(fd, &buffer, buffer.count, 0)
            if read <= 0 { break }
            response += buffer[0..<read]
            if !whole { break }
        }
        guard response.count > 12 else { return nil }
        // "HTTP/1.1 200 OK"
        let text = String(decoding: response, as: UTF8.self)
        let parts = text.prefix(64).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        return (status, text)
    }
}
