extension ClockStopReason {
    /// What the customer must do to end a clock stop of this cause; `nil` for a cause that is
    /// not the customer's (``resourceConstruction``).
    public var customerAction: String? {
        switch self {
        case .machineRoomNotReady: "get the machine room ready (机房未就绪)"
        case .customerEquipmentNotDelivered: "deliver the customer equipment (客户设备未到货)"
        case .buildingNotReady: "finish the building works (楼宇未就绪)"
        case .propertyAccessDenied: "arrange access with the property management (物业不允许进场)"
        case .customerRequestedDateChange: "confirm the new date (客户要求改期)"
        case .customerChangedServiceType: "confirm the changed service type (客户变更业务类型)"
        case .resourceConstruction: nil
        }
    }
}
