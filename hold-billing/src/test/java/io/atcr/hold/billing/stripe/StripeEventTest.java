package io.atcr.hold.billing.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atcr.hold.failure.Failure;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Only the event's ID, type and customer are read, whatever else the event's API version put in it. */
class StripeEventTest {
    private static StripeEvent parse(String json) {
        return StripeEvent.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCustomerMayBeAnIdOrAnExpandedObject() {
        assertEquals("cus_1", parse("{'id':'evt_1','object':'event','type':'x','data':{'object':{'id':'sub_1','customer':'cus_1'}}}").customerId());
        assertEquals("cus_2", parse("{'id':'evt_1','object':'event','type':'x','data':{'object':{'id':'sub_1','customer':{'id':'cus_2'}}}}").customerId());
    }

    @Test
    void aCustomerEventsObjectIsTheCustomer() {
        assertEquals("cus_3", parse("{'id':'evt_1','object':'event','type':'customer.updated','data':{'object':{'id':'cus_3','object':'customer'}}}").customerId());
    }

    @Test
    void unknownFieldsAndOldShapesAreIgnored() {
        StripeEvent event = parse("{'id':'evt_9','object':'event','api_version':'2014-01-31','type':'customer.subscription.updated',"
                + "'data':{'object':{'id':'sub_9','plan':{'id':'p'},'quantity':3,'customer':'cus_9','metadata':{'user_did':'did:plc:x'}},"
                + "'previous_attributes':{'plan':null}},'pending_webhooks':1,'request':'req_old_style_string'}");
        assertEquals("evt_9", event.id());
        assertEquals("2014-01-31", event.apiVersion());
        assertEquals("did:plc:x", event.metadataUserDid());
        assertNull(event.metadataHoldDid());
    }

    @Test
    void aBodyThatIsNoEventIsRefused() {
        assertThrows(Failure.class, () -> parse("{'id':'cus_1','object':'customer'}"));
        assertThrows(Failure.class, () -> parse("[]"));
        assertThrows(Failure.class, () -> StripeEvent.parse(new byte[0]));
        assertThrows(Failure.class, () -> parse("not json"));
    }
}
