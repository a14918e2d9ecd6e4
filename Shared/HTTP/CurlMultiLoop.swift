import CCurl
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thread that drives every transfer of a client through a libcurl multi handle.
///
/// Requests from any task are queued and picked up by this thread, so many transfers run at once without
/// tying up Swift's cooperative threads, and the multi handle's connection cache gives keep-alive reuse
/// across all of them.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [ObjectIdentifier] = []
        var resumed: [ObjectIdentifier] = []
        var stopping = false
    }

    private let multi: UnsafeMutableRawPointer
    private let caBundle: String?
    private let inbox = Mutex(Inbox())
    // Touched only by the loop thread.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private let maxIdleHandles = 64

    init(caBundle: String?, maxConnectionsPerHost: Int) throws(HTTPError) {
        try CurlLibrary.ensureLoaded()
        guard let multi = ccurl_multi_init() else { throw .clientUnavailable("curl_multi_init failed") }
        self.multi = multi
        self.caBundle = caBundle
        ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(maxConnectionsPerHost * 2, 16))
        startThread()
    }

    func submit(_ transfer: CurlTransfer) {
        let id = ObjectIdentifier(transfer)
        transfer.control = HTTPTransferControl { [weak self] in self?.resume(id) }
        inbox.withLock { $0.submitted.append(transfer) }
        ccurl_multi_wakeup(multi)
    }

    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .sequentiallyConsistent)
        inbox.withLock { $0.cancelled.append(ObjectIdentifier(transfer)) }
        ccurl_multi_wakeup(multi)
    }

    /// Continues a transfer whose sink paused it.
    private func resume(_ transfer: ObjectIdentifier) {
        inbox.withLock { $0.resumed.append(transfer) }
        ccurl_multi_wakeup(multi)
    }

    /// Ends the thread once the transfers in flight are abandoned; called when the client goes away.
    func stop() {
        inbox.withLock { $0.stopping = true }
        ccurl_multi_wakeup(multi)
    }

    private func startThread() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            let loop = Unmanaged<CurlMultiLoop>.fromOpaque(context!).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        precondition(result == 0, "cannot start the HTTP transfer thread: error \(result)")
        pthread_detach(thread)
    }

    private func run() {
        while true {
            let (submitted, cancelled, resumed, stopping) = inbox.withLock { inbox in
                defer { inbox.submitted.removeAll(); inbox.cancelled.removeAll(); inbox.resumed.removeAll() }
                return (inbox.submitted, inbox.cancelled, inbox.resumed, inbox.stopping)
            }
            for transfer in submitted { start(transfer) }
            for id in resumed {
                // Unpausing may call the write callback right here, which may pause again: that is fine.
                if let (handle, _) = active.first(where: { ObjectIdentifier($0.value) == id }) {
                    ccurl_easy_pause(handle, CURLPAUSE_CONT)
                }
            }
            for id in cancelled {
                if let (handle, transfer) = active.first(where: { ObjectIdentifier($0.value) == id }) {
                    retire(handle)
                    transfer.finish(.failure(.cancelled(url: transfer.request.url)))
                }
            }
            if stopping { break }

            var running: Int32 = 0
            ccurl_multi_perform(multi, &running)
            var handle: UnsafeMutableRawPointer?
            var code = CURLE_OK
            while ccurl_multi_next_done(multi, &handle, &code) != 0 {
                guard let handle, let transfer = active[handle] else { continue }
                transfer.complete(code: code)
                retire(handle)
            }
            var ready: Int32 = 0
            ccurl_multi_poll(multi, active.isEmpty ? 60_000 : 1_000, &ready)
        }
        for (handle, transfer) in active {
            retire(handle)
            transfer.finish(.failure(.cancelled(url: transfer.request.url)))
        }
        for handle in idleHandles { ccurl_easy_cleanup(handle) }
        idleHandles.removeAll()
    }

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelRequested.load(ordering: .sequentiallyConsistent) {
            transfer.finish(.failure(.cancelled(url: transfer.request.url)))
            return
        }
        guard let handle = idleHandles.popLast() ?? ccurl_easy_init() else {
            transfer.finish(.failure(.clientUnavailable("curl_easy_init failed")))
            return
        }
        do {
            try transfer.configure(handle, caBundle: caBundle)
        } catch {
            ccurl_easy_reset(handle)
            idleHandles.append(handle)
            transfer.finish(.failure(error))
            return
        }
        let added = ccurl_multi_add_handle(multi, handle)
        guard added == CURLM_OK else {
            ccurl_easy_reset(handle)
            idleHandles.append(handle)
            transfer.finish(.failure(.clientUnavailable(String(cString: ccurl_multi_strerror(added)))))
            return
        }
        active[handle] = transfer
    }

    /// Detaches a handle from its transfer and keeps it for reuse.
    private func retire(_ handle: UnsafeMutableRawPointer) {
        ccurl_multi_remove_handle(multi, handle)
        active[handle] = nil
        ccurl_easy_reset(handle)
        if idleHandles.count < maxIdleHandles {
            idleHandles.append(handle)
        } else {
            ccurl_easy_cleanup(handle)
        }
    }
}
