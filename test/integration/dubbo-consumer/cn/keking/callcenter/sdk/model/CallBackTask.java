package cn.keking.callcenter.sdk.model;

import cn.keking.callcenter.sdk.model.enums.RequestMethodEnum;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.Map;

/** kkbida SDK's task, field for field as shared/fixtures/kkbida-dubbo-interface.md lists them. */
public class CallBackTask implements Serializable {
    private static final long serialVersionUID = 1L;
    public String taskId;
    public String url;
    public RequestMethodEnum requestMethod;
    public Map<String, Object> requestParam;
    public String sourceAppName;
    public String targetAppName;
    public String sourceIp;
    public String expectResult;
    public int callCount;
    public int limitCallCount;
    public Timestamp createDate;
    public Timestamp lastModifiedDate;
    public Timestamp expireTimestamp;
}
