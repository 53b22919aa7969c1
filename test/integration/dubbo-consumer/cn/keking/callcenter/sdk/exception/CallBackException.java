package cn.keking.callcenter.sdk.exception;

/** kkbida SDK's exception, which Dubbo's ExceptionFilter passes to the consumer unchanged. */
public class CallBackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallBackException(String message) {
        super(message);
    }
}
