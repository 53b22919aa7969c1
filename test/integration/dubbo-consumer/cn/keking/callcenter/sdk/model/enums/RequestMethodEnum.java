package cn.keking.callcenter.sdk.model.enums;

public enum RequestMethodEnum {
    GET("GET"), POST("POST");

    private final String name;

    RequestMethodEnum(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }
}
